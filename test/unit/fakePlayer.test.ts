// The fake Spotify's player keeps Spotify's contract (docs: "Playback (Premium)", "Errors"):
// devices, play with a context and an offset, the refusals with their reasons, scopes per endpoint,
// 204 when nothing plays, and the request log carries what was sent. Plain Node, real fetch.
import * as assert from 'node:assert/strict';
import { EDGE_CASES, FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

const PLAYER_SCOPES = 'user-read-playback-state user-modify-playback-state user-read-currently-playing user-library-read playlist-read-private';

/** What the player's endpoints (and a playlist or Liked Songs page) answer, as far as these tests read. */
interface PlayerJson {
  items?: Array<{ item?: { uri: string } | null; track?: { uri: string } }>;
  item?: { uri: string };
  is_playing?: boolean;
  context?: { uri: string };
  device?: { name: string };
  devices?: Array<{ id: string; is_active: boolean }>;
  error?: { status: number; message: string; reason?: string };
}

describe('fake Spotify: the player', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 30, playlists: 2, albums: 5, artists: 5, shows: 3, episodes: 5 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens(PLAYER_SCOPES).access_token;
  });

  async function call(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; json: PlayerJson | undefined }> {
    const response = await fetch(`${fake.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as PlayerJson) : undefined };
  }

  async function playlistUris(id: string): Promise<string[]> {
    const page = await call('GET', `/playlists/${id}/items?limit=50`);
    return (page.json?.items ?? []).flatMap((entry) => (entry.item && !entry.item.uri.startsWith('spotify:local') ? [entry.item.uri] : []));
  }

  it('204 while nothing plays; a playlist from an entry (offset by uri) then plays that entry on the active device, and the log has the body', async () => {
    assert.equal((await call('GET', '/me/player/currently-playing')).status, 204);
    assert.equal((await call('GET', '/me/player')).status, 204);
    const uris = await playlistUris(FIXTURE_PLAYLISTS.owned120);
    const body = { context_uri: `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`, offset: { uri: uris[4] } };
    assert.equal((await call('PUT', '/me/player/play', body)).status, 204);
    const now = await call('GET', '/me/player');
    assert.equal(now.status, 200);
    assert.equal(now.json?.item?.uri, uris[4]);
    assert.equal(now.json?.is_playing, true);
    assert.equal(now.json?.context?.uri, body.context_uri);
    assert.equal(now.json?.device?.name, 'Fake Desktop');
    assert.equal((await call('POST', '/me/player/next')).status, 204);
    assert.equal((await call('GET', '/me/player/currently-playing')).json?.item?.uri, uris[5], 'the next entry of the context follows');
    const logged = fake.state.log().find((entry) => entry.method === 'PUT' && entry.path === '/v1/me/player/play');
    assert.deepEqual(logged?.body, body);
  });

  it('offsets by position count every entry of the playlist, local files and removed ones too, which play never', async () => {
    const page = await call('GET', `/playlists/${FIXTURE_PLAYLISTS.edgeCases}/items?limit=10`);
    const entries = (page.json?.items ?? []).map((entry) => entry.item?.uri ?? null);
    assert.equal(entries[EDGE_CASES.nullEntry], null);
    assert.match(entries[EDGE_CASES.local] ?? '', /^spotify:local:/);
    const context = { context_uri: `spotify:playlist:${FIXTURE_PLAYLISTS.edgeCases}` };
    assert.equal((await call('PUT', '/me/player/play', { ...context, offset: { position: EDGE_CASES.episode } })).status, 204);
    assert.equal((await call('GET', '/me/player')).json?.item?.uri, entries[EDGE_CASES.episode], 'the entry at that position');
    assert.equal((await call('PUT', '/me/player/play', { ...context, offset: { position: EDGE_CASES.local - 1 } })).status, 204);
    await call('POST', '/me/player/next');
    assert.equal((await call('GET', '/me/player')).json?.item?.uri, entries[EDGE_CASES.episode], 'next skips the local file and the removed entry');
  });

  it('no active device: 404 NO_ACTIVE_DEVICE; the devices list them; a transfer makes one active', async () => {
    fake.state.player.configure({ devices: 'oneInactive' });
    const refused = await call('PUT', '/me/player/play', { context_uri: `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}` });
    assert.deepEqual(refused, { status: 404, json: { error: { status: 404, message: 'Player command failed: No active device found', reason: 'NO_ACTIVE_DEVICE' } } });
    const devices = (await call('GET', '/me/player/devices')).json?.devices ?? [];
    assert.equal(devices.length, 1);
    assert.equal(devices[0].is_active, false);
    assert.equal((await call('PUT', '/me/player', { device_ids: [devices[0].id] })).status, 204);
    assert.equal((await call('PUT', '/me/player/play', { context_uri: `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}` })).status, 204);
    fake.state.player.configure({ devices: 'none' });
    assert.deepEqual((await call('GET', '/me/player/devices')).json, { devices: [] });
  });

  it('an account without Premium: every command 403 PREMIUM_REQUIRED, reads still answer', async () => {
    fake.state.player.configure({ premium: false });
    for (const [method, path] of [['PUT', '/me/player/play'], ['PUT', '/me/player/pause'], ['POST', '/me/player/next'], ['POST', '/me/player/queue?uri=spotify:track:x']]) {
      const answer = await call(method, path);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.json?.error?.reason, 'PREMIUM_REQUIRED', path);
    }
    assert.equal((await call('GET', '/me/player/devices')).status, 200);
  });

  it('scopes per endpoint: reading needs the read scopes, commands need user-modify-playback-state', async () => {
    const readOnly = fake.state.issueTokens('user-library-read').access_token;
    for (const path of ['/me/player', '/me/player/devices', '/me/player/currently-playing']) {
      assert.deepEqual(await call('GET', path, undefined, readOnly), { status: 401, json: { error: { status: 401, message: 'Permissions missing' } } }, path);
    }
    for (const [method, path] of [['PUT', '/me/player/play'], ['POST', '/me/player/next']]) {
      assert.deepEqual(await call(method, path, undefined, readOnly), { status: 403, json: { error: { status: 403, message: 'Insufficient client scope' } } }, path);
    }
    const currentOnly = fake.state.issueTokens('user-read-currently-playing').access_token;
    assert.equal((await call('GET', '/me/player/currently-playing', undefined, currentOnly)).status, 204);
  });

  it('the collection context plays Liked Songs from a song; refused when switched so, uris play instead; a queue item comes next', async () => {
    const liked = ((await call('GET', '/me/tracks?limit=5')).json?.items ?? []).map((entry) => entry.track?.uri ?? '');
    const body = { context_uri: 'spotify:user:fakeuser:collection', offset: { uri: liked[2] } };
    assert.equal((await call('PUT', '/me/player/play', body)).status, 204);
    assert.equal((await call('GET', '/me/player')).json?.item?.uri, liked[2]);
    fake.state.player.configure({ refuseCollectionContext: true });
    assert.equal((await call('PUT', '/me/player/play', body)).status, 400);
    assert.equal((await call('PUT', '/me/player/play', { uris: [liked[3], liked[4]] })).status, 204);
    assert.equal((await call('POST', `/me/player/queue?uri=${encodeURIComponent(liked[0])}`)).status, 204);
    assert.deepEqual(fake.state.player.playback().queue, [liked[0]]);
    await call('POST', '/me/player/next');
    assert.equal((await call('GET', '/me/player')).json?.item?.uri, liked[0], 'the queued song plays next');
    await call('PUT', '/me/player/pause');
    assert.equal((await call('GET', '/me/player')).json?.is_playing, false);
    assert.equal((await call('PUT', '/me/player/pause')).status, 403, 'pausing what is paused: Restriction violated');
  });
});
