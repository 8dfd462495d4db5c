// The fake Spotify's writes keep the 2026 contract of docs/spotify-web-api.md: /me/library for
// every kind by URI (at most 40), contains, playlist items add/remove with a new snapshot_id,
// POST /me/playlists, scopes per endpoint, 403 on playlists the user may not edit, bodies logged.
import * as assert from 'node:assert/strict';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { SECTION_FIXTURES } from '../fake-spotify/sectionFixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const READ = 'user-library-read playlist-read-private playlist-read-collaborative user-follow-read';
const WRITE = `${READ} user-library-modify user-follow-modify playlist-modify-private playlist-modify-public`;
const INSUFFICIENT = { error: { status: 403, message: 'Insufficient client scope' } };

describe('fake Spotify: writing to the library', function () {
  let fake: FakeSpotify;
  let token: string;
  let readOnly: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 30, playlists: 3, albums: 10, artists: 10, shows: 5, episodes: 5 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens(WRITE).access_token;
    readOnly = fake.state.issueTokens(READ).access_token;
  });

  const call = async (method: string, path: string, body?: unknown, withToken = token): Promise<{ status: number; body: Obj | undefined }> => {
    const res = await fetch(fake.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${withToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Obj) : undefined };
  };
  const likedUris = async (): Promise<string[]> => ((await call('GET', '/me/tracks?limit=50')).body!.items as Obj[]).map((entry) => (entry.track as { uri: string }).uri);
  const playlistUris = async (id: string): Promise<string[]> => ((await call('GET', `/playlists/${id}/items?limit=50`)).body!.items as Obj[]).map((entry) => (entry.item as { uri: string } | null)?.uri ?? '');

  it('PUT /me/library likes a track at the top, DELETE removes it, contains tells; 40 URIs at most', async () => {
    const track = (await playlistUris(FIXTURE_PLAYLISTS.owned120))[0];
    assert.ok(!(await likedUris()).includes(track));
    assert.deepEqual((await call('GET', `/me/library/contains?uris=${track}`)).body, [false]);
    assert.equal((await call('PUT', `/me/library?uris=${track}`)).status, 200);
    assert.equal((await likedUris())[0], track);
    assert.deepEqual((await call('GET', `/me/library/contains?uris=${track}`)).body, [true]);
    assert.equal((await call('DELETE', `/me/library?uris=${track}`)).status, 200);
    assert.ok(!(await likedUris()).includes(track));

    const many = Array.from({ length: 41 }, () => track).join(',');
    assert.equal((await call('PUT', `/me/library?uris=${many}`)).status, 400);
    assert.equal((await call('PUT', '/me/library?uris=spotify:track:nope')).status, 400);
  });

  it('takes the tracks of saved albums too: liked (with their album) and added to playlists', async () => {
    const saved = ((await call('GET', '/me/albums?limit=1')).body!.items as Obj[])[0];
    const album = saved.album as { name: string; tracks: { items: Array<{ uri: string }> } };
    const track = album.tracks.items[0].uri;
    assert.equal((await call('PUT', `/me/library?uris=${track}`)).status, 200);
    const top = ((await call('GET', '/me/tracks?limit=1')).body!.items as Obj[])[0].track as { uri: string; album: { name: string } };
    assert.equal(top.uri, track);
    assert.equal(top.album.name, album.name);
    assert.equal((await call('POST', `/playlists/${FIXTURE_PLAYLISTS.empty}/items`, { uris: [track] })).status, 201);
    assert.deepEqual(await playlistUris(FIXTURE_PLAYLISTS.empty), [track]);
  });

  it('checks scopes per kind: tracks need user-library-modify, artists user-follow-modify; the old endpoints are gone', async () => {
    const track = (await likedUris())[0];
    assert.deepEqual((await call('DELETE', `/me/library?uris=${track}`, undefined, readOnly)).body, INSUFFICIENT);
    assert.equal((await likedUris())[0], track, 'nothing changed');
    const artist = `spotify:artist:${SECTION_FIXTURES.emptyArtist}`;
    const libraryOnly = fake.state.issueTokens(`${READ} user-library-modify`).access_token;
    assert.deepEqual((await call('DELETE', `/me/library?uris=${artist}`, undefined, libraryOnly)).body, INSUFFICIENT);
    assert.equal((await call('DELETE', `/me/library?uris=${artist}`)).status, 200);
    assert.deepEqual((await call('GET', `/me/library/contains?uris=${artist}`)).body, [false]);
    assert.equal((await call('PUT', `/me/tracks?ids=x`)).status, 403);
  });

  it('adds to a playlist in batches of 100 with a new snapshot_id, removes every occurrence, refuses playlists the user may not edit', async () => {
    const id = FIXTURE_PLAYLISTS.empty;
    const before = (await call('GET', `/playlists/${id}`)).body!.snapshot_id as string;
    const songs = (await likedUris()).slice(0, 3);
    const added = await call('POST', `/playlists/${id}/items`, { uris: songs });
    assert.equal(added.status, 201);
    assert.notEqual(added.body!.snapshot_id, before);
    assert.deepEqual(await playlistUris(id), songs);
    const inserted = await call('POST', `/playlists/${id}/items`, { uris: [songs[2]], position: 0 });
    assert.deepEqual(await playlistUris(id), [songs[2], ...songs]);
    const removed = await call('DELETE', `/playlists/${id}/items`, { items: [{ uri: songs[2] }], snapshot_id: inserted.body!.snapshot_id as string });
    assert.equal(removed.status, 200);
    assert.deepEqual(await playlistUris(id), songs.slice(0, 2), 'both occurrences went');
    assert.equal((await call('DELETE', `/playlists/${id}/items`, { tracks: [{ uri: songs[0] }] })).status, 400, 'the old parameter name');
    assert.equal((await call('POST', `/playlists/${id}/items`, { uris: Array.from({ length: 101 }, () => songs[0]) })).status, 400);

    const refused = await call('POST', `/playlists/${FIXTURE_PLAYLISTS.followed}/items`, { uris: [songs[0]] });
    assert.equal(refused.status, 403);
    assert.equal((await call('POST', `/playlists/${FIXTURE_PLAYLISTS.collaborative}/items`, { uris: [songs[0]] })).status, 201, 'collaborative: allowed');
    assert.deepEqual((await call('POST', `/playlists/${id}/items`, { uris: [songs[0]] }, readOnly)).body, INSUFFICIENT);
  });

  it('POST /me/playlists creates a playlist at the top of the user’s playlists; the log keeps the bodies', async () => {
    fake.state.clearLog();
    const created = await call('POST', '/me/playlists', { name: 'New One', public: false });
    assert.equal(created.status, 201);
    assert.equal((created.body!.owner as { id: string }).id, 'fakeuser');
    const first = ((await call('GET', '/me/playlists?limit=1')).body!.items as Obj[])[0];
    assert.equal(first.id, created.body!.id);
    assert.deepEqual(fake.state.log().find((entry) => entry.method === 'POST')?.body, { name: 'New One', public: false });
    assert.deepEqual((await call('POST', '/me/playlists', { name: 'x', public: false }, readOnly)).body, INSUFFICIENT);
  });
});
