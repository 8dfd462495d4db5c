// The fake's player beyond play/pause: shuffle, repeat, seek, volume (a device that refuses it),
// actions.disallows as Spotify computes them, the queue as GET /me/player/queue lists it, and the
// history of GET /me/player/recently-played (cursor paging, the last 50 only). Plain Node, real fetch.
import * as assert from 'node:assert/strict';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCOPES = 'user-read-playback-state user-modify-playback-state user-read-currently-playing user-read-recently-played user-library-read playlist-read-private';
const OWNED = `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`;

describe('fake Spotify: player controls, queue and recently played', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 30, playlists: 2, albums: 5, artists: 5, shows: 3, episodes: 5 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens(SCOPES).access_token;
  });

  async function call(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; json: Obj }> {
    const response = await fetch(`${fake.apiUrl}${path}`, { method, headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Obj) : {} };
  }
  async function control(path: string, body?: unknown, method = 'POST'): Promise<Obj> {
    const response = await fetch(`${fake.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(response.status, 200, `control ${path}`);
    return (await response.json()) as Obj;
  }
  async function ownedUris(): Promise<string[]> {
    const pages = await Promise.all([0, 50, 100].map((offset) => call('GET', `/playlists/${FIXTURE_PLAYLISTS.owned120}/items?limit=50&offset=${offset}`)));
    return pages.flatMap((page) => (page.json.items as Obj[]).map((entry) => entry.item.uri as string));
  }
  const playing = async () => (await call('GET', '/me/player')).json;
  const restriction = { status: 403, json: { error: { status: 403, message: 'Player command failed: Restriction violated', reason: 'UNKNOWN' } } };

  it('next five times advances five entries; previous at the first entry is disallowed with repeat off, wraps with repeat context', async () => {
    const uris = await ownedUris();
    assert.equal((await call('PUT', '/me/player/play', { context_uri: OWNED })).status, 204);
    const first = await playing();
    assert.deepEqual(first.actions.disallows, { resuming: true, skipping_prev: true });
    assert.equal(first.shuffle_state, false);
    assert.equal(first.repeat_state, 'off');
    assert.deepEqual(await call('POST', '/me/player/previous'), restriction);
    for (let i = 0; i < 5; i++) assert.equal((await call('POST', '/me/player/next')).status, 204);
    assert.equal((await playing()).item.uri, uris[5]);
    assert.equal(fake.state.player.playback().index, 5);
    assert.deepEqual((await playing()).actions.disallows, { resuming: true }, 'previous allowed past the first entry');
    await call('PUT', '/me/player/play', { context_uri: OWNED });
    assert.equal((await call('PUT', '/me/player/repeat?state=context')).status, 204);
    assert.equal((await call('POST', '/me/player/previous')).status, 204);
    assert.equal((await playing()).item.uri, uris[uris.length - 1], 'wrapped to the last entry');
    await call('POST', '/me/player/next');
    assert.equal((await playing()).item.uri, uris[0], 'and on past the end to the first');
    await call('PUT', '/me/player/repeat?state=off');
    await call('PUT', '/me/player/play', { context_uri: OWNED, offset: { position: uris.length - 1 } });
    await call('POST', '/me/player/next');
    const ended = await playing();
    assert.equal(ended.item.uri, uris[0], 'the context ended: back to the first entry');
    assert.equal(ended.is_playing, false, 'paused');
    assert.deepEqual(ended.actions.disallows, { pausing: true, skipping_prev: true });
  });

  it('shuffle keeps the song playing and plays every other entry once, in a new order; off goes back to the list order from where it is', async () => {
    const uris = await ownedUris();
    await call('PUT', '/me/player/play', { context_uri: OWNED, offset: { position: 3 } });
    assert.equal((await call('PUT', '/me/player/shuffle?state=true')).status, 204);
    assert.equal((await playing()).shuffle_state, true);
    assert.equal((await playing()).item.uri, uris[3], 'the current song stays');
    const order = [uris[3]];
    for (let i = 1; i < uris.length; i++) {
      await call('POST', '/me/player/next');
      order.push((await playing()).item.uri as string);
    }
    assert.deepEqual([...order].sort(), [...uris].sort(), 'every entry once');
    assert.notDeepEqual(order, [...uris.slice(3), ...uris.slice(0, 3)], 'not in list order');
    const now = fake.state.player.playback().index;
    await call('PUT', '/me/player/shuffle?state=false');
    await call('POST', '/me/player/next');
    assert.equal((await playing()).item.uri, uris[now + 1], 'list order again from the entry playing');
  });

  it('repeat track replays the song at its end; seek past the end moves on; seek and repeat refuse bad values', async () => {
    const uris = await ownedUris();
    await call('PUT', '/me/player/play', { context_uri: OWNED });
    const duration = (await playing()).item.duration_ms as number;
    await call('PUT', '/me/player/pause');
    assert.equal((await call('PUT', '/me/player/seek?position_ms=30000')).status, 204);
    assert.equal((await playing()).progress_ms, 30000, 'paused where it was sought to');
    await call('PUT', '/me/player/play');
    assert.equal((await call('PUT', '/me/player/repeat?state=track')).status, 204);
    assert.equal((await call('PUT', `/me/player/seek?position_ms=${duration}`)).status, 204);
    assert.equal((await playing()).item.uri, uris[0], 'repeat track: the same song again');
    assert.equal((await playing()).repeat_state, 'track');
    await call('PUT', '/me/player/repeat?state=off');
    await call('PUT', `/me/player/seek?position_ms=${duration + 5000}`);
    assert.equal((await playing()).item.uri, uris[1], 'beyond the end: the next song');
    for (const path of ['/me/player/seek?position_ms=-1', '/me/player/seek', '/me/player/repeat?state=all', '/me/player/repeat', '/me/player/shuffle?state=yes', '/me/player/volume?volume_percent=101', '/me/player/volume']) {
      assert.equal((await call('PUT', path)).status, 400, path);
    }
  });

  it('volume on the active device; 403 VOLUME_CONTROL_DISALLOW on the Kitchen Speaker; 404 NO_ACTIVE_DEVICE without one; device_id targets a device', async () => {
    assert.equal((await call('PUT', '/me/player/volume?volume_percent=35')).status, 204);
    assert.equal(fake.state.player.playback().volumePercent, 35);
    await control('/__fake/player/devices/add', { template: 'speaker' });
    const speaker = (await call('GET', '/me/player/devices')).json.devices.find((d: Obj) => d.name === 'Kitchen Speaker');
    assert.equal(speaker.supports_volume, false);
    assert.deepEqual(await call('PUT', `/me/player/volume?volume_percent=20&device_id=${speaker.id}`), { status: 403, json: { error: { status: 403, message: 'Player command failed: Cannot control device volume', reason: 'VOLUME_CONTROL_DISALLOW' } } });
    await control('/__fake/player/devices/update', { id: speaker.id, supports_volume: true });
    assert.equal((await call('PUT', `/me/player/volume?volume_percent=20&device_id=${speaker.id}`)).status, 204);
    assert.equal((await call('GET', '/me/player/devices')).json.devices.find((d: Obj) => d.id === speaker.id).volume_percent, 20);
    await control('/__fake/player', { devices: 'kitchenSpeaker' });
    assert.equal((await call('PUT', '/me/player/volume?volume_percent=20')).json.error.reason, 'VOLUME_CONTROL_DISALLOW');
    await control('/__fake/player/devices/remove', { id: speaker.id });
    for (const path of ['/me/player/volume?volume_percent=10', '/me/player/shuffle?state=true', '/me/player/repeat?state=off', '/me/player/seek?position_ms=0']) {
      assert.equal((await call('PUT', path)).json.error?.reason, 'NO_ACTIVE_DEVICE', path);
    }
    fake.state.player.configure({ premium: false, devices: 'one' });
    assert.equal((await call('PUT', '/me/player/shuffle?state=true')).json.error.reason, 'PREMIUM_REQUIRED');
    const readOnly = fake.state.issueTokens('user-read-playback-state').access_token;
    fake.state.player.configure({ premium: true });
    assert.deepEqual(await call('PUT', '/me/player/repeat?state=off', undefined, readOnly), { status: 403, json: { error: { status: 403, message: 'Insufficient client scope' } } });
  });

  it('disallows forced by the control API refuse their command with "Restriction violated"; {} clears them', async () => {
    await call('PUT', '/me/player/play', { context_uri: OWNED });
    await control('/__fake/player/disallows', { seeking: true, toggling_shuffle: true, skipping_prev: false });
    await call('POST', '/me/player/next');
    await call('PUT', '/me/player/repeat?state=context');
    const now = await playing();
    assert.deepEqual(now.actions.disallows, { resuming: true, seeking: true, toggling_shuffle: true });
    assert.deepEqual(await call('PUT', '/me/player/seek?position_ms=1000'), restriction);
    assert.deepEqual(await call('PUT', '/me/player/shuffle?state=true'), restriction);
    assert.equal((await control('/__fake/player/disallows', {})).playback.disallows.seeking, undefined);
    assert.equal((await call('PUT', '/me/player/seek?position_ms=1000')).status, 204);
    assert.equal((await control('/__fake/player/disallows', { flying: true }).catch(() => 'refused')), 'refused');
  });

  it('GET /me/player/queue: what plays, the queued songs, then up to 10 of the context; the read scope or 401', async () => {
    const uris = await ownedUris();
    assert.deepEqual((await call('GET', '/me/player/queue')).json, { currently_playing: null, queue: [] });
    await call('PUT', '/me/player/play', { context_uri: OWNED, offset: { position: 2 } });
    await call('POST', `/me/player/queue?uri=${encodeURIComponent(uris[50])}`);
    const queue = (await call('GET', '/me/player/queue')).json;
    assert.equal(queue.currently_playing.uri, uris[2]);
    assert.deepEqual(queue.queue.map((t: Obj) => t.uri), [uris[50], ...uris.slice(3, 13)]);
    assert.equal(queue.queue[0].type, 'track');
    assert.deepEqual(fake.state.player.playback().upNext, uris.slice(3, 13));
    await call('POST', '/me/player/next');
    assert.equal((await playing()).item.uri, uris[50]);
    assert.equal((await playing()).context, null, 'a queued song plays outside the context');
    await call('POST', '/me/player/next');
    assert.equal((await playing()).item.uri, uris[3], 'then the context goes on');
    const readOnly = fake.state.issueTokens('user-library-read').access_token;
    assert.deepEqual(await call('GET', '/me/player/queue', undefined, readOnly), { status: 401, json: { error: { status: 401, message: 'Permissions missing' } } });
  });

  it('recently played: a seeded history, plays as the player moves, newest first, cursors and next by before, the last 50 only', async () => {
    const seeded = (await call('GET', '/me/player/recently-played')).json;
    assert.ok(seeded.items.length >= 4, 'a seeded history');
    assert.deepEqual(Object.keys(seeded), ['items', 'next', 'cursors', 'limit', 'href']);
    assert.deepEqual(Object.keys(seeded.items[0]), ['track', 'played_at', 'context']);
    assert.equal(seeded.items[0].context.type, 'collection');
    assert.ok(Date.parse(seeded.items[0].played_at) > Date.parse(seeded.items[1].played_at), 'newest first');
    await control('/__fake/player/played/clear');
    const uris = await ownedUris();
    await call('PUT', '/me/player/play', { context_uri: OWNED });
    await call('POST', '/me/player/next');
    await call('POST', '/me/player/next');
    const history = (await call('GET', '/me/player/recently-played?limit=2')).json;
    assert.deepEqual(history.items.map((item: Obj) => item.track.uri), [uris[2], uris[1]]);
    assert.deepEqual(history.items[0].context, { type: 'playlist', uri: OWNED, href: `${fake.apiUrl}/playlists/${FIXTURE_PLAYLISTS.owned120}`, external_urls: { spotify: `https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.owned120}` } });
    assert.equal(history.cursors.after, String(Date.parse(history.items[0].played_at)));
    assert.equal(history.next, `${fake.apiUrl}/me/player/recently-played?before=${history.cursors.before}&limit=2`);
    const older = (await call('GET', history.next.slice(fake.apiUrl.length))).json;
    assert.deepEqual(older.items.map((item: Obj) => item.track.uri), [uris[0]]);
    assert.equal(older.next, null);
    const phoneAt = Date.now() - 60_000;
    await control('/__fake/player/played', { uri: uris[9], playedAt: new Date(phoneAt).toISOString() });
    const after = (await call('GET', `/me/player/recently-played?after=${phoneAt - 1}`)).json;
    assert.deepEqual(after.items.map((item: Obj) => item.track.uri), [uris[2], uris[1], uris[0], uris[9]]);
    assert.equal(after.items[3].context, null);
    for (let i = 0; i < 60; i++) await control('/__fake/player/played', { uri: uris[i], playedAt: phoneAt - 3_600_000 - i * 1000 });
    assert.equal((await call('GET', '/me/player/recently-played?limit=50')).json.items.length, 50);
    assert.equal((await control('/__fake/player/played', undefined, 'GET')).played.length, 50, 'the last 50 only');
    await control('/__fake/player/played/clear');
    assert.deepEqual((await call('GET', '/me/player/recently-played')).json.cursors, null);
  });

  it('recently played refuses as Spotify does: limit above 50, both cursors, no scope (403 Insufficient client scope)', async () => {
    assert.equal((await call('GET', '/me/player/recently-played?limit=51')).status, 400);
    assert.equal((await call('GET', '/me/player/recently-played?limit=0')).status, 400);
    assert.equal((await call('GET', '/me/player/recently-played?after=1&before=2')).status, 400);
    assert.equal((await call('GET', '/me/player/recently-played?before=yesterday')).status, 400);
    const playbackOnly = fake.state.issueTokens('user-read-playback-state').access_token;
    assert.deepEqual(await call('GET', '/me/player/recently-played', undefined, playbackOnly), { status: 403, json: { error: { status: 403, message: 'Insufficient client scope' } } });
    assert.equal(fake.state.stats().byRoute['/v1/me/player/recently-played'], 5);
  });
});
