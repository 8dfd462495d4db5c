// The fake Spotify's playlist edits do what Spotify does, as src/library/playlistDiff.ts's
// applyPlaylistCall simulates it: PUT .../items moves or replaces (a stale snapshot_id refuses
// nothing), PUT /playlists/{id} changes details (owner only), unfollowing hides a playlist and
// following brings it back, the Needs Cleanup fixture holds what Clean Up must find, and the
// control API changes a playlist between a read and a write or rate limits a save halfway.
import * as assert from 'node:assert/strict';
import { applyPlaylistCall } from '../../src/library/playlistDiff';
import { FIXTURE_PLAYLISTS, FIXTURE_SIZES, NEEDS_CLEANUP, NEEDS_CLEANUP_NAMES } from '../fake-spotify/fixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const READ = 'user-library-read playlist-read-private playlist-read-collaborative';
const WRITE = `${READ} user-library-modify playlist-modify-private playlist-modify-public`;
const INSUFFICIENT = { error: { status: 403, message: 'Insufficient client scope' } };

describe('fake Spotify: editing playlists', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 30, playlists: 3, albums: 5, artists: 5, shows: 2, episodes: 2 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens(WRITE).access_token;
  });

  const call = async (method: string, path: string, body?: unknown, withToken = token): Promise<{ status: number; text: string; body: Obj | undefined }> => {
    const res = await fetch(fake.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${withToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Obj) : undefined };
  };
  const control = async (path: string, body: unknown): Promise<{ status: number; body: Obj }> => {
    const res = await fetch(`${fake.url}/__fake${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Obj };
  };
  const entries = async (id: string, query = ''): Promise<Obj[]> => {
    const all: Obj[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = (await call('GET', `/playlists/${id}/items?limit=50&offset=${offset}${query}`)).body!;
      all.push(...(page.items as Obj[]));
      if (!page.next) return all;
    }
  };
  const uris = async (id: string): Promise<string[]> => (await entries(id)).map((entry) => (entry.item as { uri: string } | null)?.uri ?? '');
  const snapshot = async (id: string): Promise<string> => (await call('GET', `/playlists/${id}`)).body!.snapshot_id as string;
  const myPlaylists = async (): Promise<Obj[]> => {
    const all: Obj[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = (await call('GET', `/me/playlists?limit=50&offset=${offset}`)).body!;
      all.push(...(page.items as Obj[]));
      if (!page.next) return all;
    }
  };

  describe('PUT /playlists/{id}/items', () => {
    const id = FIXTURE_PLAYLISTS.owned120;

    it('moves a range exactly as applyPlaylistCall does (insert_before indexes the list before the move), keeping added_at, a new snapshot_id each', async () => {
      const stamped = async () => (await entries(id)).map((entry) => `${(entry.item as { uri: string }).uri} ${entry.added_at as string}`);
      let expected = await uris(id);
      let expectedStamped = await stamped();
      const moves = [
        { rangeStart: 0, insertBefore: 5, rangeLength: 1 },
        { rangeStart: 10, insertBefore: 2, rangeLength: 3 },
        { rangeStart: 100, insertBefore: 120, rangeLength: 20 },
        { rangeStart: 7, insertBefore: 0, rangeLength: 1 },
        { rangeStart: 30, insertBefore: 34, rangeLength: 4 }, // just after the range: nothing moves
      ];
      let before = await snapshot(id);
      for (const move of moves) {
        const body = move.rangeLength === 1 ? { range_start: move.rangeStart, insert_before: move.insertBefore } : { range_start: move.rangeStart, insert_before: move.insertBefore, range_length: move.rangeLength };
        const reply = await call('PUT', `/playlists/${id}/items`, body);
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(Object.keys(reply.body!), ['snapshot_id']);
        assert.notEqual(reply.body!.snapshot_id, before);
        assert.equal(await snapshot(id), reply.body!.snapshot_id);
        before = reply.body!.snapshot_id as string;
        expected = applyPlaylistCall(expected, { kind: 'move', ...move });
        assert.deepEqual(await uris(id), expected, JSON.stringify(move));
        expectedStamped = applyPlaylistCall(expectedStamped, { kind: 'move', ...move });
        assert.deepEqual(await stamped(), expectedStamped, 'a move keeps each entry’s added_at');
      }
    });

    it('refuses out-of-range values and an insert_before inside the range with Spotify-like 400s, changing nothing', async () => {
      const list = await uris(id);
      const before = await snapshot(id);
      const refused: Array<[unknown, string]> = [
        [{ range_start: 120, insert_before: 0 }, 'Given positions are out of bounds'],
        [{ range_start: -1, insert_before: 0 }, 'Given positions are out of bounds'],
        [{ range_start: 0, insert_before: 121 }, 'Given positions are out of bounds'],
        [{ range_start: 110, insert_before: 0, range_length: 11 }, 'Given positions are out of bounds'],
        [{ range_start: 0, insert_before: 5, range_length: 0 }, 'Given positions are out of bounds'],
        [{ range_start: 1.5, insert_before: 5 }, 'Given positions are out of bounds'],
        [{ range_start: '1', insert_before: 5 }, 'Given positions are out of bounds'],
        [{ range_start: 10, insert_before: 12, range_length: 5 }, 'insert_before must not be inside the range to move'],
        [{ range_start: 10 }, 'Missing insert_before parameter'],
        [{ insert_before: 10 }, 'Missing range_start parameter'],
        [{ range_start: 0, insert_before: 3, uris: [list[0]] }, 'Cannot reorder and replace items in one request'],
      ];
      for (const [body, message] of refused) {
        assert.deepEqual((await call('PUT', `/playlists/${id}/items`, body)).body, { error: { status: 400, message } }, JSON.stringify(body));
        // applyPlaylistCall refuses the same moves (its RangeError is Spotify's 400).
        const b = body as Obj;
        if (typeof b.range_start === 'number' && typeof b.insert_before === 'number' && !('uris' in b)) {
          assert.throws(() => applyPlaylistCall(list, { kind: 'move', rangeStart: b.range_start as number, insertBefore: b.insert_before as number, rangeLength: (b.range_length as number | undefined) ?? 1 }), RangeError);
        }
      }
      assert.deepEqual(await uris(id), list);
      assert.equal(await snapshot(id), before);
    });

    it('with uris replaces the whole playlist (added now), 100 at most, [] clears it', async () => {
      const list = await uris(id);
      const target = [list[5], list[5], list[0]];
      const replaced = await call('PUT', `/playlists/${id}/items`, { uris: target });
      assert.equal(replaced.status, 200);
      assert.deepEqual(await uris(id), target);
      assert.ok((await entries(id)).every((entry) => Date.now() - Date.parse(entry.added_at as string) < 60_000), 'replaced entries are new');
      assert.equal((await call('GET', `/playlists/${id}`)).body!.items.total, 3);

      const tooMany = await call('PUT', `/playlists/${id}/items`, { uris: Array.from({ length: 101 }, () => list[0]) });
      assert.deepEqual(tooMany.body, { error: { status: 400, message: 'You can add a maximum of 100 tracks per request.' } });
      assert.equal((await call('PUT', `/playlists/${id}/items`, { uris: Array.from({ length: 100 }, () => list[1]) })).status, 200, '100 is allowed');
      assert.equal((await call('PUT', `/playlists/${id}/items`, { uris: ['spotify:track:nope'] })).status, 400);
      assert.equal((await uris(id)).length, 100, 'a refused replacement changes nothing');

      const cleared = await call('PUT', `/playlists/${id}/items`, { uris: [] });
      assert.equal(cleared.status, 200);
      assert.deepEqual(await uris(id), []);
    });

    it('refuses playlists the user may not edit, and tokens without the scope, as POST and DELETE do', async () => {
      const move = { range_start: 0, insert_before: 2 };
      assert.equal((await call('PUT', `/playlists/${FIXTURE_PLAYLISTS.followed}/items`, move)).status, 403);
      assert.equal((await call('PUT', `/playlists/${FIXTURE_PLAYLISTS.spotifyOwned}/items`, move)).status, 404);
      assert.equal((await call('PUT', '/playlists/0000000000000000000000/items', move)).status, 404);
      const collab = await uris(FIXTURE_PLAYLISTS.collaborative);
      assert.equal((await call('PUT', `/playlists/${FIXTURE_PLAYLISTS.collaborative}/items`, move)).status, 200, 'a collaborator may move');
      assert.deepEqual(await uris(FIXTURE_PLAYLISTS.collaborative), applyPlaylistCall(collab, { kind: 'move', rangeStart: 0, insertBefore: 2, rangeLength: 1 }));
      const readOnly = fake.state.issueTokens(READ).access_token;
      assert.deepEqual((await call('PUT', `/playlists/${id}/items`, move, readOnly)).body, INSUFFICIENT);
      assert.deepEqual((await call('PUT', `/playlists/${id}/items`, '{nope')).body, { error: { status: 400, message: 'Error parsing JSON.' } });
    });

    it('applies a move with a stale snapshot_id to the CURRENT playlist, as Spotify does, and logs the body', async () => {
      const stale = await snapshot(id);
      const first = (await uris(id))[0];
      // Someone else removes the first entry between the client's read and its write.
      assert.equal((await control(`/playlists/${id}/edit`, { remove: [first] })).status, 200);
      const current = await uris(id);
      fake.state.clearLog();
      const counted = fake.state.stats().byRoute['/v1/playlists/{id}/items'] ?? 0;
      const body = { range_start: 0, insert_before: 3, snapshot_id: stale };
      const moved = await call('PUT', `/playlists/${id}/items`, body);
      assert.equal(moved.status, 200, 'a stale snapshot_id is not refused');
      assert.equal(fake.state.stats().byRoute['/v1/playlists/{id}/items'], counted + 1, 'counted as a write of the items route');
      assert.notEqual(moved.body!.snapshot_id, stale);
      assert.deepEqual(await uris(id), applyPlaylistCall(current, { kind: 'move', rangeStart: 0, insertBefore: 3, rangeLength: 1 }));
      const logged = fake.state.log().filter((entry) => entry.method === 'PUT');
      assert.deepEqual(logged.map((entry) => [entry.path, entry.body]), [[`/v1/playlists/${id}/items`, body]]);
    });
  });

  describe('PUT /playlists/{id}', () => {
    const id = FIXTURE_PLAYLISTS.owned120;

    it('changes details (owner only), shown in /me/playlists and /playlists/{id}, with a new snapshot_id and an empty 200', async () => {
      const before = await snapshot(id);
      const changed = await call('PUT', `/playlists/${id}`, { name: 'Renamed', description: 'Now with words', public: true });
      assert.equal(changed.status, 200);
      assert.equal(changed.text, '');
      const full = (await call('GET', `/playlists/${id}`)).body!;
      assert.deepEqual([full.name, full.description, full.public, full.collaborative], ['Renamed', 'Now with words', true, false]);
      assert.notEqual(full.snapshot_id, before, 'a details change gives a new snapshot_id');
      const listed = (await myPlaylists()).find((p) => p?.id === id)!;
      assert.deepEqual([listed.name, listed.description, listed.public, listed.snapshot_id], ['Renamed', 'Now with words', true, full.snapshot_id]);
      assert.equal((await uris(id)).length, 120, 'the entries stay');

      assert.equal((await call('PUT', `/playlists/${id}`, { public: false, collaborative: true })).status, 200);
      assert.deepEqual([(await call('GET', `/playlists/${id}`)).body!.public, (await call('GET', `/playlists/${id}`)).body!.collaborative], [false, true]);
      assert.equal((await call('PUT', `/playlists/${id}`, { description: 'only this' })).status, 200);
      assert.equal((await call('GET', `/playlists/${id}`)).body!.name, 'Renamed', 'an absent field stays');
    });

    it('refuses others’ playlists (collaborators too), unknown ones, an empty name and collaborative with public', async () => {
      const refusedBy = async (playlist: string, body: unknown) => (await call('PUT', `/playlists/${playlist}`, body)).body;
      assert.equal((await refusedBy(FIXTURE_PLAYLISTS.followed, { name: 'Mine now' }))!.error.status, 403);
      assert.equal((await refusedBy(FIXTURE_PLAYLISTS.collaborative, { name: 'Mine now' }))!.error.status, 403);
      assert.equal((await refusedBy('0000000000000000000000', { name: 'x' }))!.error.status, 404);
      assert.equal((await refusedBy(FIXTURE_PLAYLISTS.spotifyOwned, { name: 'x' }))!.error.status, 404);
      assert.deepEqual(await refusedBy(id, { name: '  ' }), { error: { status: 400, message: 'Playlist name must not be empty' } });
      assert.deepEqual(await refusedBy(id, { name: '' }), { error: { status: 400, message: 'Playlist name must not be empty' } });
      assert.deepEqual(await refusedBy(id, { collaborative: true, public: true }), { error: { status: 400, message: 'Collaborative playlists must be private' } });
      assert.equal((await refusedBy(FIXTURE_PLAYLISTS.big5000, { collaborative: true }))!.error.status, 400, 'Big 5000 is public: collaborative would make both');
      const readOnly = fake.state.issueTokens(READ).access_token;
      assert.deepEqual((await call('PUT', `/playlists/${id}`, { name: 'x' }, readOnly)).body, INSUFFICIENT);
      const full = (await call('GET', `/playlists/${id}`)).body!;
      assert.deepEqual([full.name, full.public, full.collaborative], ['Owned 120', false, false], 'nothing changed');
    });
  });

  describe('unfollowing and following playlists', () => {
    it('DELETE /me/library unfollows (gone from /me/playlists, still readable); PUT follows again, at the top, with its entries', async () => {
      const id = FIXTURE_PLAYLISTS.owned120;
      const uri = `spotify:playlist:${id}`;
      const entriesBefore = await uris(id);
      const listed = await myPlaylists();
      assert.ok(listed.some((p) => p.id === id));
      assert.deepEqual((await call('GET', `/me/library/contains?uris=${uri}`)).body, [true]);

      assert.equal((await call('DELETE', `/me/library?uris=${uri}`)).status, 200);
      const after = await myPlaylists();
      assert.ok(!after.some((p) => p.id === id), 'unfollowed: not listed');
      assert.equal((await call('GET', '/me/playlists?limit=1')).body!.total, listed.length - 1);
      assert.deepEqual((await call('GET', `/me/library/contains?uris=${uri}`)).body, [false]);
      assert.equal((await call('GET', `/playlists/${id}`)).status, 200, 'Spotify keeps an unfollowed playlist');
      assert.deepEqual(await uris(id), entriesBefore);
      const track = entriesBefore[0].split(':')[2];
      assert.equal((await call('GET', `/tracks/${track}`)).status, 200, 'its tracks stay in the catalog');

      assert.equal((await call('PUT', `/me/library?uris=${uri}`)).status, 200);
      const back = await myPlaylists();
      assert.equal(back[0].id, id, 'followed again: listed first');
      assert.equal(back.length, listed.length);
      assert.deepEqual(await uris(id), entriesBefore, 'with its entries');
      assert.equal((await call('PUT', `/me/library?uris=${uri}`)).status, 200);
      assert.equal((await myPlaylists())[0].id, id, 'following a followed playlist again moves nothing');

      assert.equal((await call('DELETE', `/me/library?uris=spotify:playlist:${FIXTURE_PLAYLISTS.followed}`)).status, 200);
      assert.ok(!(await myPlaylists()).some((p) => p.id === FIXTURE_PLAYLISTS.followed), 'another curator’s playlist can be unfollowed too');
      assert.equal((await call('DELETE', '/me/library?uris=spotify:playlist:0000000000000000000000')).status, 400, 'an unknown one is refused');
    });
  });

  describe('the Needs Cleanup fixture', () => {
    const id = FIXTURE_PLAYLISTS.needsCleanup;

    it('is an owned playlist in /me/playlists holding a duplicate, one recording on two releases (one ISRC) and an unavailable song', async () => {
      const listed = (await myPlaylists()).find((p) => p.id === id)!;
      assert.equal(listed.name, 'Needs Cleanup');
      assert.equal(listed.owner.id, 'fakeuser');
      const items = (await entries(id, '&market=from_token')).map((entry) => entry.item as Obj);
      assert.equal(items.length, FIXTURE_SIZES.needsCleanup);

      const [first, second] = NEEDS_CLEANUP.duplicate;
      assert.equal(items[first].uri, items[second].uri);
      assert.equal(items[first].name, NEEDS_CLEANUP_NAMES.duplicate);

      const album = items[NEEDS_CLEANUP.albumVersion];
      const single = items[NEEDS_CLEANUP.singleVersion];
      assert.notEqual(album.uri, single.uri);
      assert.equal(album.external_ids.isrc, single.external_ids.isrc);
      assert.match(album.external_ids.isrc as string, /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/);
      assert.equal(album.name, NEEDS_CLEANUP_NAMES.recording);
      assert.equal(single.name, album.name);
      assert.deepEqual(single.artists.map((a: Obj) => a.id), album.artists.map((a: Obj) => a.id));
      assert.ok(Math.abs((single.duration_ms as number) - (album.duration_ms as number)) <= 2000);
      assert.deepEqual([album.album.album_type, single.album.album_type], ['album', 'single']);
      assert.notEqual(album.album.id, single.album.id);

      const gone = items[NEEDS_CLEANUP.unavailable];
      assert.equal(gone.name, NEEDS_CLEANUP_NAMES.unavailable);
      assert.equal(gone.is_playable, false);
      assert.deepEqual(gone.restrictions, { reason: 'market' });

      // Each oddity is the only one of its kind.
      assert.deepEqual(items.map((item, i) => [i, item.is_playable]).filter(([, playable]) => !playable), [[NEEDS_CLEANUP.unavailable, false]]);
      assert.equal(new Set(items.map((item) => item.uri)).size, items.length - 1);
      assert.equal(new Set(items.map((item) => item.external_ids.isrc)).size, items.length - 2);
    });

    it('keeps ISRCs stable per recording across resets, and every track carries one', async () => {
      const isrcs = (await entries(id)).map((entry) => entry.item.external_ids.isrc as string);
      fake.state.reset();
      assert.deepEqual((await entries(id)).map((entry) => entry.item.external_ids.isrc as string), isrcs);
      for (const entry of await entries(FIXTURE_PLAYLISTS.owned120)) assert.match(entry.item.external_ids.isrc as string, /^[A-Z]{2}/);
      const liked = (await call('GET', '/me/tracks?limit=5')).body!.items as Obj[];
      for (const entry of liked) assert.equal(typeof entry.track.external_ids.isrc, 'string');
    });
  });

  describe('control: another device edits, a save is rate limited halfway', () => {
    const id = FIXTURE_PLAYLISTS.needsCleanup;

    it('POST /__fake/playlists/{id}/edit removes, inserts and moves with a new snapshot_id, uncounted and unlogged', async () => {
      const list = await uris(id);
      const before = await snapshot(id);
      const extra = (await uris(FIXTURE_PLAYLISTS.owned120))[0];
      fake.state.clearLog();
      const requestsBefore = fake.state.stats().requests;
      const edited = await control(`/playlists/${id}/edit`, { remove: [list[0]], insert: { uris: [extra], position: 1 }, move: { rangeStart: 0, insertBefore: 3, rangeLength: 1 }, addedBy: 'collabfriend' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.notEqual(edited.body.snapshot_id, before);
      let expected = applyPlaylistCall(list, { kind: 'remove', uris: [list[0]] });
      expected = applyPlaylistCall(expected, { kind: 'add', uris: [extra], position: 1 });
      expected = applyPlaylistCall(expected, { kind: 'move', rangeStart: 0, insertBefore: 3, rangeLength: 1 });
      assert.equal(edited.body.total, expected.length);
      assert.deepEqual(fake.state.log(), [], 'not in the request log');
      assert.equal(fake.state.stats().requests, requestsBefore, 'not counted');
      assert.deepEqual(await uris(id), expected);
      assert.equal(await snapshot(id), edited.body.snapshot_id);
      const inserted = (await entries(id)).find((entry) => entry.item?.uri === extra)!;
      assert.equal(inserted.added_by.id, 'collabfriend');

      const unchanged = await uris(id);
      assert.equal((await control(`/playlists/${id}/edit`, { move: { rangeStart: 0, insertBefore: 99 } })).status, 400);
      assert.equal((await control(`/playlists/${id}/edit`, { remove: [unchanged[0]], move: { rangeStart: unchanged.length - 1, insertBefore: 0 } })).status, 400, 'the move is judged after the removal');
      assert.equal((await control(`/playlists/${id}/edit`, { insert: { uris: ['spotify:track:0000000000000000000000'] } })).status, 400);
      assert.equal((await control(`/playlists/${id}/edit`, {})).status, 400);
      assert.deepEqual(await uris(id), unchanged, 'a refused edit changes nothing');
      assert.equal((await control('/playlists/0000000000000000000000/edit', { remove: [unchanged[0]] })).status, 404);
    });

    it('rateLimit {after, pathPrefix} lets the first matching requests pass, then answers 429', async () => {
      const song = (await uris(FIXTURE_PLAYLISTS.owned120))[0];
      const prefix = `/v1/playlists/${FIXTURE_PLAYLISTS.empty}/items`;
      assert.equal((await control('/faults', { rateLimit: { after: 2, count: 1, retryAfterSeconds: 0, pathPrefix: prefix } })).status, 200);
      const add = () => call('POST', `/playlists/${FIXTURE_PLAYLISTS.empty}/items`, { uris: [song] });
      assert.equal((await add()).status, 201);
      assert.equal((await call('GET', '/me/tracks?limit=1')).status, 200, 'another path neither fails nor uses up `after`');
      assert.equal((await add()).status, 201);
      const third = await add();
      assert.equal(third.status, 429, 'the third call of the save fails');
      assert.equal(third.body!.error.message, 'API rate limit exceeded');
      assert.equal((await add()).status, 201, 'count 1: spent');
      assert.equal((await uris(FIXTURE_PLAYLISTS.empty)).length, 3);
    });
  });
});
