import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/common/logger';
import { type CachedLibrary, type LibraryCacheStore, LibraryModel } from '../../src/library/libraryModel';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, control, MemorySessionStore, signInToFake } from './support/fakeSession';

class MemoryCacheStore implements LibraryCacheStore {
  readonly files = new Map<string, string>();
  async load(accountId: string) {
    const text = this.files.get(accountId);
    return text ? (JSON.parse(text) as CachedLibrary) : undefined;
  }
  async save(accountId: string, library: CachedLibrary) {
    this.files.set(accountId, JSON.stringify(library));
  }
  async delete(accountId: string) {
    this.files.delete(accountId);
  }
}

interface LogEntry {
  path: string;
}

/** The model as a restart sees it: a new LibraryModel over the same cache store. */
describe('LibraryModel with its cache, against the fake Spotify', () => {
  let fake: FakeSpotify;
  const store = new MemoryCacheStore();
  let session: Awaited<ReturnType<typeof signInToFake>>;

  before(async () => {
    fake = await startFakeSpotify({ liked: 300, playlists: 10 });
    session = await signInToFake(fake.url);
  });
  after(() => fake.close());

  const newModel = () => new LibraryModel(apiStack(fake.url, new MemorySessionStore(session)).api, () => 50, silentLogger, store);
  const requests = async () => ((await control(fake.url, '/__fake/log')) as LogEntry[]).map((entry) => entry.path);

  it('restores Liked Songs, the playlists and unchanged playlist entries with no request', async () => {
    const first = newModel();
    await first.openAccount('fakeuser');
    await first.liked.ensureLoaded();
    await first.playlists.ensureLoaded();
    const owned = first.playlists.items.find((playlist) => playlist.id === FIXTURE_PLAYLISTS.owned120)!;
    await first.entriesOf(owned).loadAll();
    await first.save();
    first.dispose();

    await control(fake.url, '/__fake/log/clear', {});
    const restarted = newModel();
    assert.equal(await restarted.openAccount('fakeuser'), true);
    assert.equal(restarted.liked.items.length, 50);
    assert.equal(restarted.playlists.items.length, first.playlists.items.length);
    assert.equal(restarted.entriesOf(owned).items.length, 120);
    assert.deepEqual(await requests(), []);
    restarted.dispose();
  });

  it('revalidates three new likes and an unchanged playlist list cheaply, and re-syncs a changed playlist', async () => {
    const model = newModel();
    await model.openAccount('fakeuser');
    const owned = model.playlists.items.find((playlist) => playlist.id === FIXTURE_PLAYLISTS.owned120)!;
    const entries = model.entriesOf(owned);
    await control(fake.url, '/__fake/library/like', { count: 3 });
    await control(fake.url, `/__fake/playlists/${FIXTURE_PLAYLISTS.owned120}/add`, { count: 2 });
    await control(fake.url, '/__fake/log/clear', {});

    await model.revalidate();
    await waitUntil(() => entries.items.length === 122 && !entries.isLoading);

    const paths = await requests();
    assert.equal(paths.filter((path) => path === '/v1/me/tracks').length, 1, 'three new likes: one request');
    assert.equal(model.liked.items.length, 53);
    assert.equal(model.liked.total, 303);
    assert.equal(paths.filter((path) => path === '/v1/me/playlists').length, 1);
    // Its snapshot_id changed: the loaded entries re-sync (3 pages); no other playlist is asked for.
    assert.deepEqual(new Set(paths.filter((path) => path.startsWith('/v1/playlists/'))), new Set([`/v1/playlists/${FIXTURE_PLAYLISTS.owned120}/items`]));
    model.dispose();
  });

  it('forgets the account: the cache leaves the store', async () => {
    const model = newModel();
    await model.openAccount('fakeuser');
    assert.ok(store.files.has('fakeuser'));
    await model.forget('fakeuser');
    assert.equal(store.files.has('fakeuser'), false);
    assert.equal(model.liked.items.length, 0);
    model.dispose();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
