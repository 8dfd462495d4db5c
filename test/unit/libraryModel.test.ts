import * as assert from 'node:assert/strict';
import { type Logger, silentLogger } from '../../src/common/logger';
import { type CachedLibrary, type LibraryCacheStore, LibraryModel } from '../../src/library/libraryModel';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { SECTION_FIXTURES } from '../fake-spotify/sectionFixtures';
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

  it('keeps an album\'s tracks past its first page: after a restart they show with no request (issue 20.18)', async () => {
    const first = newModel();
    await first.openAccount('fakeuser');
    await first.section('albums').ensureLoaded();
    const album = first.section('albums').items.find((item) => item.id === SECTION_FIXTURES.multiDiscAlbum)!;
    const tracks = first.childList('albumTracks', album);
    await tracks.ensureLoaded();
    await tracks.loadAll();
    assert.equal(tracks.items.length, 150);
    await first.save();
    first.dispose();

    await control(fake.url, '/__fake/log/clear', {});
    const restarted = newModel();
    await restarted.openAccount('fakeuser');
    const again = restarted.childList('albumTracks', restarted.section('albums').items.find((item) => item.id === SECTION_FIXTURES.multiDiscAlbum)!);
    await again.ensureLoaded();
    await again.whenIdle();
    assert.equal(again.items.length, 150, 'all three discs, from the cache');
    assert.equal(again.hasMore, false);
    assert.deepEqual((await requests()).filter((path) => path.includes('/albums/')), [], 'no album track fetched again');
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

  it('says when access changed (account, scopes) and only then: a token refresh sets the same scopes and says nothing', async () => {
    const model = newModel();
    let told = 0;
    model.onDidChangeAccess(() => told++);
    await model.openAccount('fakeuser');
    model.setGrantedScopes(['user-library-read', 'user-read-playback-state']);
    assert.equal(told, 1, 'the scopes are known: the restored session can show what needs them');
    model.setGrantedScopes(['user-read-playback-state', 'user-library-read']);
    assert.equal(told, 1, 'the same scopes again (a token refresh): nothing');
    model.setGrantedScopes(['user-library-read', 'user-read-playback-state', 'user-modify-playback-state']);
    assert.equal(told, 2, 'Grant Access');
    model.reset();
    assert.equal(told, 3, 'signed out');
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

/** A logger that keeps its warnings, to count what a bad cache file costs. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message: string) => void warnings.push(message) };
}

describe('LibraryModel hardening, against the fake Spotify', () => {
  let fake: FakeSpotify;
  let session: Awaited<ReturnType<typeof signInToFake>>;

  before(async () => {
    fake = await startFakeSpotify({ liked: 300, playlists: 10 });
    session = await signInToFake(fake.url);
  });
  after(() => fake.close());
  beforeEach(async () => {
    await control(fake.url, '/__fake/reset', {});
  });

  const newModel = (store: LibraryCacheStore, logger: Logger = silentLogger) => new LibraryModel(apiStack(fake.url, new MemorySessionStore(session)).api, () => 50, logger, store);
  const requests = async () => ((await control(fake.url, '/__fake/log')) as LogEntry[]).map((entry) => entry.path);

  it('ignores a truncated, foreign-shaped, older or newer cache file (logged once) and replaces it on the next save', async () => {
    const track = { kind: 'track', id: '4uLU6hMCjMI75M1A2tKUQC', name: 'Song', byline: 'A' };
    const bad: Array<[string, string]> = [
      ['truncated', '{"version":1,"savedAt":1,"liked":{"items":[{"kind":"tr'],
      ['not an object', '[1,2,3]'],
      ['null', 'null'],
      ['older', JSON.stringify({ savedAt: 1, liked: { items: [track], total: 1 } })],
      ['newer', JSON.stringify({ version: 2, savedAt: 1, liked: { items: [track], total: 1 } })],
      ['items not a list', JSON.stringify({ version: 1, savedAt: 1, liked: { items: 5, total: 1 } })],
      ['a record of the wrong shape', JSON.stringify({ version: 1, savedAt: 1, liked: { items: [{ ...track, name: 5 }], total: 1 } })],
      ['an unknown kind', JSON.stringify({ version: 1, savedAt: 1, liked: { items: [{ ...track, kind: 'video' }], total: 1 } })],
      ['a null playlist', JSON.stringify({ version: 1, savedAt: 1, playlists: { items: [null], total: 1 } })],
      ['a total that is not a number', JSON.stringify({ version: 1, savedAt: 1, liked: { items: [track], total: '1' } })],
      ['playlist entries of the wrong shape', JSON.stringify({ version: 1, savedAt: 1, playlistItems: { [FIXTURE_PLAYLISTS.owned120]: { snapshotId: 'x', items: 'abc', total: 3 } } })],
    ];
    for (const [what, text] of bad) {
      const store = new TextCacheStore();
      store.texts.set('fakeuser', text);
      const logger = recordingLogger();
      const model = newModel(store, logger);
      assert.equal(await model.openAccount('fakeuser'), false, `${what}: nothing restored`);
      assert.equal(logger.warnings.length, 1, `${what}: logged once (${JSON.stringify(logger.warnings)})`);
      await model.liked.ensureLoaded();
      assert.equal(model.liked.items.length, 50, `${what}: the library loads from Spotify`);
      await model.save();
      const replaced = JSON.parse(store.texts.get('fakeuser')!) as CachedLibrary;
      assert.equal(replaced.version, 1, `${what}: replaced on the next save`);
      assert.equal(replaced.liked?.items.length, 50);
      await model.forget('fakeuser');
      assert.equal(store.texts.has('fakeuser'), false, `${what}: signing out still works`);
      model.dispose();
    }
  });

  it('Refresh after three new likes costs one request for Liked Songs and none for an unchanged playlist', async () => {
    const model = newModel(new MemoryCacheStore());
    await model.openAccount('fakeuser');
    await model.liked.ensureLoaded();
    await model.liked.loadMore();
    await model.playlists.ensureLoaded();
    const owned = model.playlists.items.find((playlist) => playlist.id === FIXTURE_PLAYLISTS.owned120)!;
    await model.entriesOf(owned).ensureLoaded();
    await model.entriesOf(owned).loadMore();
    await control(fake.url, '/__fake/library/like', { count: 3 });
    await control(fake.url, '/__fake/log/clear', {});

    await model.refresh();

    const paths = await requests();
    assert.equal(paths.filter((path) => path === '/v1/me/tracks').length, 1, `Liked Songs: ${JSON.stringify(paths)}`);
    assert.equal(paths.filter((path) => path === '/v1/me/playlists').length, 1, 'the playlist list is read again');
    assert.equal(paths.filter((path) => path.startsWith('/v1/playlists/')).length, 0, 'an unchanged playlist costs nothing');
    assert.equal(model.liked.items.length, 103);
    assert.equal(model.liked.total, 303);
    assert.equal(model.entriesOf(owned).items.length, 100);
    model.dispose();
  });

  it('closing awaits the final cache save (bounded)', async () => {
    const store = new MemoryCacheStore();
    const slow: LibraryCacheStore = {
      load: (accountId) => store.load(accountId),
      save: async (accountId, library) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await store.save(accountId, library);
      },
      delete: (accountId) => store.delete(accountId),
    };
    const model = newModel(slow);
    await model.openAccount('fakeuser');
    await model.liked.ensureLoaded(); // schedules a save a little later
    await model.flushAndDispose(10_000);
    assert.equal((JSON.parse(store.files.get('fakeuser')!) as CachedLibrary).liked?.items.length, 50, 'the save finished before closing went on');

    const stuck: LibraryCacheStore = { load: async () => undefined, save: () => new Promise<void>(() => undefined), delete: async () => undefined };
    const stuckModel = newModel(stuck);
    await stuckModel.openAccount('fakeuser');
    await stuckModel.liked.ensureLoaded();
    await stuckModel.flushAndDispose(50); // resolves although the write never ends
  });

  it('signing out while a save is under way (a slow write): the library is not on disk afterwards, and nothing brings it back', async () => {
    const store = new MemoryCacheStore();
    let letWriteGo!: () => void;
    let writeStarted!: () => void;
    const started = new Promise<void>((resolve) => (writeStarted = resolve));
    const slow: LibraryCacheStore = {
      load: (accountId) => store.load(accountId),
      save: async (accountId, library) => {
        writeStarted();
        await new Promise<void>((resolve) => (letWriteGo = resolve));
        await store.save(accountId, library);
      },
      delete: (accountId) => store.delete(accountId),
    };
    const model = newModel(slow);
    await model.openAccount('fakeuser');
    await model.liked.ensureLoaded();
    const saving = model.save();
    await started;
    const signingOut = model.forget('fakeuser');
    letWriteGo();
    await Promise.all([saving, signingOut]);
    assert.equal(store.files.has('fakeuser'), false, 'the signed-out library is not on disk');
    await model.save();
    await model.flushAndDispose(1_000);
    assert.equal(store.files.has('fakeuser'), false, 'nothing wrote it back');
  });

  it('revalidates an 8,000-song cache after one unlike with a few requests, not one per cached page', async () => {
    await control(fake.url, '/__fake/reset', { liked: 8000 });
    const store = new MemoryCacheStore();
    const first = newModel(store);
    await first.openAccount('fakeuser');
    await first.liked.loadAll();
    assert.equal(first.liked.items.length, 8000);
    await first.save();
    first.dispose();

    await control(fake.url, '/__fake/library/unlike', { count: 1 });
    await control(fake.url, '/__fake/log/clear', {});
    const restarted = newModel(store);
    assert.equal(await restarted.openAccount('fakeuser'), true);
    await restarted.revalidate();
    const liked = (await requests()).filter((path) => path === '/v1/me/tracks');
    assert.ok(liked.length <= 4, `${liked.length} requests to /v1/me/tracks`);
    assert.equal(restarted.liked.total, 7999);
    const expected = (await readPage(fake.url, session.accessToken, '/me/tracks?offset=0&limit=50')).items.map((entry: { track: { id: string } }) => entry.track.id);
    assert.deepEqual(restarted.liked.items.slice(0, 50).map((track) => track.id), expected);
    restarted.dispose();
  });
});

/** The cache as text, the way a file holds it: whatever was written there, read back. */
class TextCacheStore implements LibraryCacheStore {
  readonly texts = new Map<string, string>();
  async load(accountId: string): Promise<unknown> {
    const text = this.texts.get(accountId);
    return text === undefined ? undefined : JSON.parse(text);
  }
  async save(accountId: string, library: CachedLibrary) {
    this.texts.set(accountId, JSON.stringify(library));
  }
  async delete(accountId: string) {
    this.texts.delete(accountId);
  }
}

async function readPage(fakeUrl: string, token: string, pathAndQuery: string) {
  const response = await fetch(`${fakeUrl}/v1${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
  return (await response.json()) as { items: Array<{ track: { id: string } }> };
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
