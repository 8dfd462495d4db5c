// The curating layer (model, curation, writes, client) against the fake Spotify in plain Node:
// batches of 40, a refusal halfway keeps what Spotify took, liked state asked only for the unknown.
import * as assert from 'node:assert/strict';
import { ServerError } from '../../src/api/errors';
import { silentLogger } from '../../src/common/logger';
import { LibraryCuration } from '../../src/library/curation';
import { LibraryModel } from '../../src/library/libraryModel';
import { LibraryWrites, PlaylistNotEditableError } from '../../src/library/libraryWrites';
import { PlaylistSaves } from '../../src/library/playlistSave';
import { type TrackRecord, trackUri } from '../../src/library/records';
import { refUri } from '../fake-spotify/library';
import { EDGE_CASES, FIXTURE_PLAYLISTS, FIXTURE_SIZES } from '../fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, MemorySessionStore, signInToFake } from './support/fakeSession';

const WRITE_SCOPES = 'user-library-read playlist-read-private playlist-read-collaborative user-library-modify playlist-modify-private playlist-modify-public';

describe('Curating against the fake Spotify (model, writes, client)', function () {
  this.timeout(60_000);
  let fake: FakeSpotify;

  before(async () => {
    fake = await startFakeSpotify({ liked: 200, playlists: 2 });
  });
  after(() => fake.close());
  beforeEach(() => fake.state.reset());

  async function stack() {
    const session = await signInToFake(fake.url);
    // The write scopes, as a Grant Access would have added them.
    const token = fake.state.issueTokens(WRITE_SCOPES);
    const store = new MemorySessionStore({ ...session, accessToken: token.access_token, refreshToken: token.refresh_token, scopes: WRITE_SCOPES.split(' ') });
    const { api, client } = apiStack(fake.url, store);
    const model = new LibraryModel(api, () => 50, silentLogger);
    const writes = new LibraryWrites(client);
    return { model, curation: new LibraryCuration(model, writes), saves: new PlaylistSaves(model, writes, api) };
  }

  it('removes 90 songs from Liked Songs in batches of 40; a refusal at the second keeps the first 40 removed and says so', async () => {
    const { model, curation } = await stack();
    await model.liked.ensureLoaded();
    await model.liked.loadMore();
    const songs = model.liked.items.slice(0, 90);
    fake.state.setFaults({ serverErrors: { status: 503, after: 1, pathPrefix: '/v1/me/library' } });
    fake.state.clearLog();

    const outcome = await curation.setLiked(songs, false);

    const writes = fake.state.log().filter((entry) => entry.method === 'DELETE');
    assert.equal(writes[0].query.uris.split(',').length, 40, 'the first batch: 40');
    assert.ok(writes.slice(1).every((entry) => entry.query.uris.split(',').length === 40), 'the second batch, tried again after each 503 (a removal can be repeated)');
    assert.equal(new Set(writes.map((entry) => entry.query.uris)).size, 2, 'the third batch never went');
    assert.equal(outcome.done, 40);
    assert.equal(outcome.total, 90);
    assert.ok(outcome.error instanceof ServerError);
    const shown = new Set(model.liked.items.map((track) => track.id));
    assert.ok(songs.slice(0, 40).every((track) => !shown.has(track.id)), 'what Spotify took stays removed');
    assert.ok(songs.slice(40).every((track) => shown.has(track.id)), 'the rest is back');
    assert.equal(model.liked.total, 160);
    assert.equal(fake.state.library.liked.length, 160, 'as Spotify has it');
    assert.equal(model.isLiked(songs[0].id), false);
    assert.equal(model.isLiked(songs[50].id), true);
  });

  it('a like shown on top moves the next page along: Load more after it neither repeats nor skips a song', async () => {
    const { model, curation } = await stack();
    await model.liked.ensureLoaded();
    await model.playlists.ensureLoaded();
    const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
    await owned.ensureLoaded();
    const song = owned.items.find((track) => track.kind === 'track' && track.id && !fake.state.library.isLiked(trackUri(track)!))!;

    const outcome = await curation.setLiked([song], true);
    assert.equal(outcome.error, undefined);
    assert.equal(model.liked.items[0].id, song.id);
    await model.liked.loadMore();

    assert.equal(model.liked.items.length, 101, 'the like and two pages');
    const ids = model.liked.items.map((track) => track.id);
    assert.equal(new Set(ids).size, ids.length, 'no song twice');
    const token = fake.state.issueTokens().access_token;
    const spotify = await Promise.all([0, 50, 100].map(async (offset) => {
      const response = await fetch(`${fake.apiUrl}/me/tracks?offset=${offset}&limit=50`, { headers: { authorization: `Bearer ${token}` } });
      return ((await response.json()) as { items: Array<{ track: { id: string } }> }).items.map((entry) => entry.track.id);
    }));
    assert.deepEqual(ids, spotify.flat().slice(0, 101), 'the same songs in the same order as Spotify');
  });

  it('never retries an add after a 5xx (the entries may be in), and rolls the playlist back', async () => {
    const { model, curation } = await stack();
    await model.playlists.ensureLoaded();
    const playlist = model.playlistById(FIXTURE_PLAYLISTS.empty)!;
    const entries = model.entriesOf(playlist);
    await entries.ensureLoaded();
    await model.liked.ensureLoaded();
    fake.state.setFaults({ serverErrors: { status: 503, pathPrefix: `/v1/playlists/${playlist.id}/items` } });
    fake.state.clearLog();

    const outcome = await curation.addToPlaylist(playlist, model.liked.items.slice(0, 3));

    assert.equal(fake.state.log().filter((entry) => entry.method === 'POST').length, 1, 'sent once');
    assert.equal(outcome.done, 0);
    assert.equal(entries.items.length, 0, 'the playlist as it was');
    assert.equal(model.playlistById(playlist.id)?.total, 0);
  });

  it('a playlist Spotify will not let the user change (403): the refusal as what it means, the count as it was', async () => {
    const { model, curation } = await stack();
    await model.playlists.ensureLoaded();
    await model.liked.ensureLoaded();
    // As if the tree thought it editable (a collaboration ended elsewhere): Spotify decides.
    const followed = model.playlistById(FIXTURE_PLAYLISTS.followed)!;
    const outcome = await curation.addToPlaylist(followed, model.liked.items.slice(0, 2));
    assert.ok(outcome.error instanceof PlaylistNotEditableError);
    assert.equal(outcome.done, 0);
    assert.equal(model.playlistById(followed.id)?.total, followed.total);
    assert.equal(model.playlistById(followed.id)?.snapshotId, followed.snapshotId);
  });

  it('removing a row before an entry Spotify sends no content for sends only real URIs, and that entry stays', async () => {
    const { model, curation } = await stack();
    await model.playlists.ensureLoaded();
    const playlist = model.playlistById(FIXTURE_PLAYLISTS.edgeCases)!;
    const entries = model.entriesOf(playlist);
    await entries.loadAll();
    assert.equal(entries.items[EDGE_CASES.nullEntry].kind, 'removed');
    const first = entries.items[0];
    fake.state.clearLog();

    const outcome = await curation.removeFromPlaylist(playlist, [first]);

    assert.equal(outcome.error, undefined);
    const sent = JSON.stringify(fake.state.log().filter((entry) => entry.method !== 'GET').map((entry) => entry.body));
    assert.ok(!sent.includes('unknown:'), `only Spotify URIs sent: ${sent}`);
    const after = fake.state.library.playlist(playlist.id)!.entries.length;
    assert.equal(after, FIXTURE_SIZES.edgeCases - 1, 'one entry fewer on Spotify, the one without content still there');
  });

  it('PlaylistSaves: a document saved around an entry without content leaves it in place; the next save of the same text sends nothing', async () => {
    const { model, saves } = await stack();
    await model.playlists.ensureLoaded();
    const playlist = model.playlistById(FIXTURE_PLAYLISTS.edgeCases)!;
    const base = await saves.current(playlist);
    const uris = base.entries.flatMap((entry) => (trackUri(entry) ? [trackUri(entry)!] : []));
    // The document: the first entry moved to the end.
    const target = [...uris.slice(1), uris[0]];
    fake.state.clearLog();

    const result = await saves.save(playlist, base, target);

    assert.equal(result.kind, 'saved');
    assert.ok(result.kind === 'saved' && result.calls.length === 1 && result.calls[0].kind === 'move', 'one move');
    const token = fake.state.issueTokens().access_token;
    const response = await fetch(`${fake.apiUrl}/playlists/${playlist.id}/items?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    // `item`, or `track` alone in the old shape Spotify still sends for some entries.
    const onSpotify = ((await response.json()) as { items: Array<{ item?: { uri: string } | null; track?: { uri: string } | null }> }).items.map((entry) => (entry.item ?? entry.track)?.uri ?? null);
    assert.equal(onSpotify.indexOf(null), EDGE_CASES.nullEntry - 1, 'the entry without content moved up one, as the rows before it did');
    assert.deepEqual(onSpotify.filter((uri) => uri !== null), target);
    assert.ok(result.kind === 'saved');
    fake.state.clearLog();
    assert.equal((await saves.save(playlist, result.after, target)).kind, 'unchanged');
    assert.deepEqual(fake.state.log(), [], 'nothing sent');
  });

  it('asks Spotify which shown songs are liked only for those Liked Songs does not answer, 40 a request, once', async () => {
    const { model } = await stack();
    await model.liked.ensureLoaded(); // the newest 50 of 200
    await model.playlists.ensureLoaded();
    const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
    await owned.loadAll();
    const knownLiked = model.liked.items.slice(0, 5);
    const shown = [...knownLiked, ...owned.items];
    const unknown = [...new Set(owned.items.filter((track) => track.kind === 'track' && track.id && !knownLiked.some((liked) => liked.id === track.id) && !model.liked.items.some((liked) => liked.id === track.id)).map((track) => trackUri(track)!))];
    fake.state.clearLog();

    await model.learnLikedState(shown);

    const asked = fake.state.log().filter((entry) => entry.path === '/v1/me/library/contains').flatMap((entry) => entry.query.uris.split(','));
    assert.deepEqual(asked.sort(), [...unknown].sort(), 'only the songs not known');
    assert.ok(fake.state.log().every((entry) => entry.path !== '/v1/me/library/contains' || entry.query.uris.split(',').length <= 40));
    for (const track of owned.items.filter((t) => t.kind === 'track' && t.id)) {
      assert.equal(model.isLiked(track.id), fake.state.library.isLiked(trackUri(track)!), `${track.name} as Spotify says`);
    }
    fake.state.clearLog();
    await model.learnLikedState(shown);
    assert.deepEqual(fake.state.log(), [], 'nothing asked twice');
  });
  describe('writes and reads in flight, interleaved (the fake with latency)', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    async function withSongToLike() {
      const built = await stack();
      await built.model.liked.ensureLoaded();
      await built.model.playlists.ensureLoaded();
      const owned = built.model.entriesOf(built.model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.loadAll();
      const songs = owned.items.filter((track) => track.kind === 'track' && track.id && !fake.state.library.isLiked(trackUri(track)!));
      return { ...built, songs };
    }

    it('a Refresh answered before a like lands does not take the liked song out of Liked Songs (write first, then the read)', async () => {
      const { model, curation, songs } = await withSongToLike();
      fake.state.configure({ writeLatencyMs: 400 });
      const like = curation.setLiked([songs[0]], true);
      await sleep(50);
      // The read reaches Spotify before the like does; its answer predates the like.
      await Promise.all([model.refresh(), like]);
      await model.liked.whenIdle();
      assert.equal(model.liked.items[0]?.id, songs[0].id, 'the liked song on top, as its heart says');
      assert.equal(model.isLiked(songs[0].id), true);
      assert.equal(model.liked.total, fake.state.library.liked.length, 'the count as Spotify has it');
    });

    it('a like during a revalidation does not cancel it for good: likes made on the phone still appear (the read first, then the write)', async () => {
      const { model, curation, songs } = await withSongToLike();
      fake.state.library.like(3); // on the phone
      fake.state.configure({ latencyMs: 200 });
      const refresh = model.refresh();
      await sleep(30);
      await Promise.all([curation.setLiked([songs[0]], true), refresh]);
      await model.liked.whenIdle();
      fake.state.configure({ latencyMs: 0 });
      const spotify = fake.state.library.liked.length;
      assert.equal(model.liked.total, spotify, `${spotify} on Spotify, as many shown`);
      assert.equal(model.liked.items[0]?.id, songs[0].id, 'the like on top');
      assert.equal(new Set(model.liked.items.map((track) => track.id)).size, model.liked.items.length, 'no song twice');
    });

    it('an earlier like that fails rolls back only itself, not a later one that succeeded', async () => {
      const { model, curation, songs } = await withSongToLike();
      fake.state.configure({ writeLatencyMs: 300 });
      // The first like is refused (an id Spotify does not take); the second, sent while it is in flight, succeeds.
      const refused = { ...songs[0], id: 'not-a-spotify-id' };
      const first = curation.setLiked([refused], true);
      await sleep(50);
      const second = curation.setLiked([songs[1]], true);
      const [failed, succeeded] = await Promise.all([first, second]);
      assert.ok(failed.error, 'the first was refused');
      assert.equal(succeeded.error, undefined, 'the second went through');
      assert.equal(model.isLiked(songs[1].id), true, 'the second like stays');
      assert.equal(model.liked.items[0]?.id, songs[1].id, 'and shows on top');
      assert.notEqual(model.isLiked(refused.id), true, 'the first is rolled back');
      assert.ok(!model.liked.items.some((track) => track.id === refused.id));
    });
  });

  it('an earlier album save that is refused takes back only itself, not a later save that succeeded', async () => {
    const { model, curation } = await stack();
    await model.section('albums').ensureLoaded();
    const album = model.section('albums').items[0];
    await curation.setSaved({ section: 'albums', items: [album] }, false);
    fake.state.configure({ writeLatencyMs: 300 });
    const first = curation.setSaved({ section: 'albums', items: [{ ...album, id: 'not-a-spotify-id' }] }, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = curation.setSaved({ section: 'albums', items: [album] }, true);
    const [refused, taken] = await Promise.all([first, second]);

    assert.ok(refused.error, 'the first was refused');
    assert.equal(taken.error, undefined);
    const albums = model.section('albums').items;
    assert.equal(albums[0]?.id, album.id, 'the saved album on top');
    assert.ok(!albums.some((item) => item.id === 'not-a-spotify-id'));
  });

  describe('playlist writes on what the user did not see (issue 20 A, B)', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const spotifyUris = (playlistId: string) => fake.state.library.playlist(playlistId)!.entries.map((entry) => refUri(fake.state.library.seed, entry.ref) ?? '');
    const shownUris = (list: { items: readonly TrackRecord[] }) => list.items.map((track) => trackUri(track) ?? '');

    it('removing a song whose other copy sits on a page not loaded keeps that copy on Spotify, and Undo restores exactly what was there', async () => {
      const spotify = fake.state.library.playlist(FIXTURE_PLAYLISTS.owned120)!;
      fake.state.library.insertEntries(spotify, [spotify.entries[3].ref], spotify.entries.length);
      const original = spotifyUris(FIXTURE_PLAYLISTS.owned120);
      const { model, curation } = await stack();
      await model.playlists.ensureLoaded();
      const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.ensureLoaded();
      assert.ok(owned.hasMore, 'the other copy is on a page not loaded');

      const outcome = await curation.removeFromPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [owned.items[3]]);

      assert.equal(outcome.error, undefined);
      const expected = original.filter((_, index) => index !== 3);
      assert.deepEqual(spotifyUris(FIXTURE_PLAYLISTS.owned120), expected, 'Spotify lost the picked row only; the unseen copy is still at the end');
      await owned.loadAll();
      assert.deepEqual(shownUris(owned), expected, 'the tree as Spotify has it');
      assert.deepEqual(outcome.removed.map((entry) => entry.index), [3]);

      const undone = await curation.restoreToPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, outcome.removed);
      assert.equal(undone.error, undefined);
      assert.deepEqual(spotifyUris(FIXTURE_PLAYLISTS.owned120), original, 'Undo: exactly what was there');
      await owned.whenIdle();
      assert.deepEqual(shownUris(owned), original);
      assert.equal(model.playlistById(FIXTURE_PLAYLISTS.owned120)!.total, original.length);
    });

    it('removing one of two loaded copies removes that row only', async () => {
      const spotify = fake.state.library.playlist(FIXTURE_PLAYLISTS.owned120)!;
      fake.state.library.insertEntries(spotify, [spotify.entries[0].ref], 10);
      const original = spotifyUris(FIXTURE_PLAYLISTS.owned120);
      const { model, curation } = await stack();
      await model.playlists.ensureLoaded();
      const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.ensureLoaded();

      await curation.removeFromPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [owned.items[10]]);

      const expected = original.filter((_, index) => index !== 10);
      assert.deepEqual(spotifyUris(FIXTURE_PLAYLISTS.owned120), expected);
      assert.deepEqual(shownUris(owned), expected.slice(0, owned.items.length));
    });

    it('an add on a playlist changed on the phone since it was loaded shows the phone\'s change too, and Refresh is not needed', async () => {
      const { model, curation } = await stack();
      await model.playlists.ensureLoaded();
      const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.loadAll();
      fake.state.library.append(FIXTURE_PLAYLISTS.owned120, 2); // on the phone
      const song = model.liked.items[0] ?? (await model.liked.ensureLoaded(), model.liked.items[0]);

      const outcome = await curation.addToPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [song]);
      await owned.whenIdle();

      assert.equal(outcome.error, undefined);
      const spotify = spotifyUris(FIXTURE_PLAYLISTS.owned120);
      assert.equal(spotify.length, 123);
      await owned.loadAll();
      assert.deepEqual(shownUris(owned), spotify, 'the tree as Spotify has it, the phone\'s two included');
      assert.equal(owned.total, 123);
      assert.equal(model.playlistById(FIXTURE_PLAYLISTS.owned120)!.total, 123);
      assert.equal((await model.entriesAreCurrent(FIXTURE_PLAYLISTS.owned120)).current, true, 'what is stored is current');
    });

    it('a removal on a playlist changed on the phone reads it again first and removes the row the user picked', async () => {
      const { model, curation } = await stack();
      await model.playlists.ensureLoaded();
      const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.loadAll();
      const picked = owned.items[5];
      const spotify = fake.state.library.playlist(FIXTURE_PLAYLISTS.owned120)!;
      fake.state.library.insertEntries(spotify, [spotify.entries[5].ref, spotify.entries[5].ref], 0); // on the phone: two more copies, on top
      const before = spotifyUris(FIXTURE_PLAYLISTS.owned120);

      const outcome = await curation.removeFromPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [picked]);
      await owned.whenIdle();

      assert.equal(outcome.error, undefined);
      // The picked row was the first copy when the user saw it; on Spotify now it is the first again (the phone's two came before).
      assert.deepEqual(spotifyUris(FIXTURE_PLAYLISTS.owned120), before.filter((_, index) => index !== 0));
      assert.deepEqual(shownUris(owned), spotifyUris(FIXTURE_PLAYLISTS.owned120));
      assert.equal((await model.entriesAreCurrent(FIXTURE_PLAYLISTS.owned120)).current, true);
    });

    it('an earlier add that is refused takes back only its own row, not a later add\'s', async () => {
      const { model, curation } = await stack();
      await model.playlists.ensureLoaded();
      await model.liked.ensureLoaded();
      const owned = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.owned120)!);
      await owned.loadAll();
      const songs = model.liked.items.slice(0, 2);
      fake.state.configure({ writeLatencyMs: 300 });
      const first = curation.addToPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [{ ...songs[0], id: 'not-a-spotify-id' }]);
      await sleep(50);
      const second = curation.addToPlaylist(model.playlistById(FIXTURE_PLAYLISTS.owned120)!, [songs[1]]);
      const [refused, taken] = await Promise.all([first, second]);
      await owned.whenIdle();

      assert.ok(refused.error, 'the first was refused');
      assert.equal(taken.error, undefined);
      assert.equal(owned.items[owned.items.length - 1]?.id, songs[1].id, 'the second add stays at the end');
      assert.ok(!owned.items.some((track) => track.id === 'not-a-spotify-id'), 'the first is gone');
      assert.equal(owned.total, spotifyUris(FIXTURE_PLAYLISTS.owned120).length);
    });
  });
});

describe('a long playlist save (an import of thousands) stays under the budget', () => {
  it('sends its first 50 calls as the user’s, the rest on the paced background lane', async () => {
    const lanes: Array<string | undefined> = [];
    const client = { sendJson: async (_method: string, _path: string, _body: unknown, options?: { lane?: string }) => (lanes.push(options?.lane), { snapshot_id: `s${lanes.length}` }) };
    const writes = new LibraryWrites(client as unknown as ConstructorParameters<typeof LibraryWrites>[0]);
    const calls = Array.from({ length: 80 }, (_, at) => ({ kind: 'add' as const, uris: [`spotify:track:${String(at).padStart(22, '0')}`], position: at }));
    const outcome = await writes.applyPlaylistCalls('p', calls, 's0');
    assert.equal(outcome.sent, 80);
    assert.deepEqual([...new Set(lanes.slice(0, 50))], ['interactive']);
    assert.deepEqual([...new Set(lanes.slice(50))], ['background']);
  });
});
