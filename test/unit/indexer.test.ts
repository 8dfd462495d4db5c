import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/common/logger';
import { LibraryIndexer, LIKED_LIST_ID, playlistListId } from '../../src/library/indexer';
import { type CachedLibrary, type LibraryCacheStore, LibraryModel } from '../../src/library/libraryModel';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, control, MemorySessionStore, signInToFake } from './support/fakeSession';

class MemoryCacheStore implements LibraryCacheStore {
  readonly files = new Map<string, string>();
  async load(accountId: string): Promise<unknown> {
    const text = this.files.get(accountId);
    return text ? JSON.parse(text) : undefined;
  }
  async save(accountId: string, library: CachedLibrary) {
    this.files.set(accountId, JSON.stringify(library));
  }
  async delete(accountId: string) {
    this.files.delete(accountId);
  }
}


/** The fake here has no budget model: pacing would only slow the test (the scheduler's own tests cover it). */
const UNPACED = { requests: 100_000, windowMs: 30_000 };

describe('LibraryIndexer against the fake Spotify', () => {
  let fake: FakeSpotify;
  const store = new MemoryCacheStore();
  let session: Awaited<ReturnType<typeof signInToFake>>;

  before(async () => {
    fake = await startFakeSpotify({ liked: 230, playlists: 6 });
    session = await signInToFake(fake.url);
  });
  after(() => fake.close());

  const setUp = async () => {
    const model = new LibraryModel(apiStack(fake.url, new MemorySessionStore(session)).api, () => 50, silentLogger, store);
    const indexer = new LibraryIndexer(model, apiStack(fake.url, new MemorySessionStore(session), { budget: UNPACED }).api, { pageSize: () => 50, logger: silentLogger, settleMs: 10 });
    await model.openAccount('fakeuser');
    // As the view does: a section whose permission the session lacks (Artists) costs no request.
    model.setGrantedScopes(session.scopes);
    return { model, indexer };
  };
  const log = async () => (await control(fake.url, '/__fake/log')) as Array<{ path: string; query: Record<string, string> }>;

  it('indexes pages never loaded and playlists never opened, each page once, and persists them', async () => {
    const { model, indexer } = await setUp();
    assert.equal(indexer.index.size, 0);
    await control(fake.url, '/__fake/log/clear', {});
    indexer.start();
    await indexer.whenIdle();
    const progress = indexer.progress();
    assert.equal(progress.complete, true);
    assert.deepEqual([progress.likedIndexed, progress.likedTotal], [230, 230]);
    assert.equal(progress.playlistsIndexed, progress.playlistsTotal);

    // A track only in the 120-track fixture playlist, which nothing opened.
    const owned = model.entriesOf(model.playlists.items.find((p) => p.id === FIXTURE_PLAYLISTS.owned120)!);
    const lastEntry = owned.items[119];
    const hits = indexer.index.query(lastEntry.name).flatMap((g) => g.rows);
    const hit = hits.find((row) => row.key === `spotify:track:${lastEntry.id}`);
    assert.ok(hit, 'the last entry of a never-opened playlist is found');
    assert.ok(hit.places.some((p) => p.listId === playlistListId(FIXTURE_PLAYLISTS.owned120) && p.index === 119));
    assert.ok(indexer.index.hasList(LIKED_LIST_ID));

    const requests = await log();
    const likedOffsets = requests.filter((r) => r.path === '/v1/me/tracks').map((r) => r.query.offset);
    assert.deepEqual(likedOffsets, ['0', '50', '100', '150', '200'], 'each page once, in order');
    assert.ok(!requests.some((r) => r.path.includes(FIXTURE_PLAYLISTS.followed)), 'a playlist only followed is not asked for: Spotify answers 403');

    await model.save();
    indexer.dispose();
    model.dispose();

    // A restart: the index is whole from the cache, and indexing again asks Spotify nothing.
    await control(fake.url, '/__fake/log/clear', {});
    const again = await setUp();
    assert.equal(again.indexer.index.size, indexer.index.size, 'the whole index comes back from the cache');
    again.indexer.start();
    await again.indexer.whenIdle();
    const unreadable = await log();
    assert.deepEqual(unreadable.map((r) => r.path), [], 'nothing complete is fetched again');
    again.indexer.dispose();
    again.model.dispose();
  });

  it('stops when paused and goes on from where it stopped', async () => {
    store.files.clear();
    const { model, indexer } = await setUp();
    let paused = false;
    const unsubscribe = model.onDidChange(() => {
      if (!paused && model.liked.items.length >= 100) {
        paused = true;
        indexer.pause();
      }
    });
    indexer.start();
    await indexer.whenIdle();
    assert.equal(indexer.progress().complete, false);
    const stoppedAt = model.liked.items.length;
    assert.ok(stoppedAt < 230, `paused before Liked Songs was done (${stoppedAt})`);
    unsubscribe.dispose();
    indexer.resume();
    await indexer.whenIdle();
    assert.equal(indexer.progress().complete, true);
    assert.equal(new Set(model.liked.items.map((t) => t.id)).size, 230, 'every liked song once');
    indexer.dispose();
    model.dispose();
  });
});
