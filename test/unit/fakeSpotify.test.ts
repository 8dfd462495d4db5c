// The fake Spotify keeps the contract of docs/spotify-web-api.md: if it were kinder than Spotify,
// every test built on it would lie. Plain Node, real fetch against a started fake.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { ACTION_SCOPES } from '../../src/common/sections';
import { applyFields, parseFields } from '../fake-spotify/fields';
import { EDGE_CASES, EDGE_LOCAL_URI, EDGE_NAMES, FAKE_CLIENT_ID, FAKE_USER, FIXTURE_PLAYLISTS, FIXTURE_SIZES, LEGACY_NULL_TRACKS_PLAYLIST } from '../fake-spotify/fixtures';
import { generateLibrary } from '../fake-spotify/library';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCOPES = 'user-library-read playlist-read-private playlist-read-collaborative';
const REDIRECT = 'http://127.0.0.1:53682/callback';
const DOC_FIELDS = 'total,limit,offset,next,items(added_at,is_local,item(id,name,uri,type,duration_ms,explicit,external_urls,artists(name),album(name,images)))';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('fake Spotify', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 300, playlists: 10 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens().access_token;
  });

  const api = (path: string, headers: Record<string, string> = {}) => fetch(fake.apiUrl + path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const apiJson = async (path: string): Promise<Obj> => {
    const res = await api(path);
    assert.equal(res.status, 200, `${path} -> ${res.status}`);
    return (await res.json()) as Obj;
  };
  const authorizeUrl = (params: Record<string, string>) => `${fake.url}/authorize?${new URLSearchParams({ client_id: FAKE_CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, code_challenge_method: 'S256', state: 'st4te', scope: SCOPES, ...params })}`;
  const tokenRequest = (form: Record<string, string>) => fetch(`${fake.url}/api/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const control = async (path: string, body?: unknown, method = 'POST'): Promise<Obj> => {
    const res = await fetch(`${fake.url}/__fake${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(res.status, 200, `control ${path} -> ${res.status}`);
    return (await res.json()) as Obj;
  };

  /** Runs the browser part: /authorize, the consent page, Agree; returns the code. */
  async function signInCode(challenge: string): Promise<string> {
    const page = await fetch(authorizeUrl({ code_challenge: challenge }), { redirect: 'manual' });
    assert.equal(page.status, 200);
    const htmlText = await page.text();
    assert.match(htmlText, /id="agree"/);
    const request = /name="request" value="([^"]+)"/.exec(htmlText)![1];
    const decision = await fetch(`${fake.url}/authorize/decision`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ request, decision: 'agree' }) });
    assert.equal(decision.status, 302);
    const back = new URL(decision.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st4te');
    return back.searchParams.get('code')!;
  }

  describe('accounts', () => {
    it('the consent page names every permission the extension asks for in words, none as its raw id', async () => {
      const every = [...new Set([...SPOTIFY_SCOPES, ...Object.values(ACTION_SCOPES).flat()])];
      const page = await (await fetch(authorizeUrl({ code_challenge: 'x'.repeat(43), scope: every.join(' ') }), { redirect: 'manual' })).text();
      for (const scope of every) assert.ok(!page.includes(`<li>${scope}</li>`), `${scope} is shown raw`);
      assert.equal((page.match(/<li>/g) ?? []).length, every.length);
    });

    it('completes PKCE through the consent page, and a code works only once', async () => {
      const { verifier, challenge } = pkce();
      const code = await signInCode(challenge);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: FAKE_CLIENT_ID, code_verifier: verifier };
      const res = await tokenRequest(form);
      assert.equal(res.status, 200);
      const body = (await res.json()) as Obj;
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3600);
      assert.equal(body.scope, SCOPES);
      assert.ok(body.refresh_token);
      token = body.access_token;
      assert.deepEqual(await apiJson('/me'), { display_name: FAKE_USER.display_name, external_urls: { spotify: 'https://open.spotify.com/user/fakeuser' }, href: `${fake.apiUrl}/users/fakeuser`, id: 'fakeuser', type: 'user', uri: 'spotify:user:fakeuser', images: [] });

      const again = await tokenRequest(form);
      assert.equal(again.status, 400);
      assert.equal(((await again.json()) as Obj).error, 'invalid_grant');
    });

    it('rejects a wrong verifier and a different redirect_uri', async () => {
      const { challenge } = pkce();
      const code = await signInCode(challenge);
      const wrong = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: FAKE_CLIENT_ID, code_verifier: pkce().verifier });
      assert.equal(wrong.status, 400);
      assert.deepEqual(await wrong.json(), { error: 'invalid_grant', error_description: 'code_verifier was incorrect' });
      const otherRedirect = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/callback', client_id: FAKE_CLIENT_ID, code_verifier: pkce().verifier });
      assert.equal(((await otherRedirect.json()) as Obj).error, 'invalid_grant');
    });

    it('rejects localhost, other paths and unknown clients with an error page, not a redirect', async () => {
      for (const redirect_uri of ['http://localhost:53682/callback', 'http://127.0.0.1:53682/call-back', 'http://192.168.1.2:53682/callback', 'http://127.1:53682/callback']) {
        const res = await fetch(authorizeUrl({ code_challenge: pkce().challenge, redirect_uri }), { redirect: 'manual' });
        assert.equal(res.status, 400, redirect_uri);
        assert.match(await res.text(), /INVALID_CLIENT: Invalid redirect URI/);
      }
      const unknown = await fetch(authorizeUrl({ code_challenge: pkce().challenge, client_id: 'f'.repeat(32) }), { redirect: 'manual' });
      assert.equal(unknown.status, 400);
      assert.match(await unknown.text(), /INVALID_CLIENT: Invalid client/);
    });

    it('accepts [::1] on any port, and answers a bad challenge or a decline through the redirect', async () => {
      fake.state.configure({ autoApprove: true });
      const ipv6 = await fetch(authorizeUrl({ code_challenge: pkce().challenge, redirect_uri: 'http://[::1]:4321/callback' }), { redirect: 'manual' });
      assert.equal(ipv6.status, 302);
      assert.ok(new URL(ipv6.headers.get('location')!).searchParams.get('code'));

      const plain = await fetch(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'plain' }), { redirect: 'manual' });
      assert.equal(new URL(plain.headers.get('location')!).searchParams.get('error'), 'invalid_request');

      fake.state.configure({ autoApprove: false, decline: true });
      const declined = new URL((await fetch(authorizeUrl({ code_challenge: pkce().challenge }), { redirect: 'manual' })).headers.get('location')!);
      assert.equal(declined.searchParams.get('error'), 'access_denied');
      assert.equal(declined.searchParams.get('state'), 'st4te');
    });

    it("refresh 'omit' (default) sends no refresh_token and the old one keeps working", async () => {
      const { refresh_token } = fake.state.issueTokens();
      for (let i = 0; i < 2; i++) {
        const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh_token!, client_id: FAKE_CLIENT_ID });
        const body = (await res.json()) as Obj;
        assert.equal(res.status, 200);
        assert.ok(body.access_token);
        assert.equal('refresh_token' in body, false);
      }
      assert.equal(fake.state.stats().refreshRequests, 2);
    });

    it("refresh 'rotate' sends a new refresh token and the old one is then invalid", async () => {
      fake.state.configure({ refreshMode: 'rotate' });
      const { refresh_token } = fake.state.issueTokens();
      const first = (await (await tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh_token!, client_id: FAKE_CLIENT_ID })).json()) as Obj;
      assert.ok(first.refresh_token && first.refresh_token !== refresh_token);
      const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh_token!, client_id: FAKE_CLIENT_ID });
      assert.equal(reused.status, 400);
      assert.equal(((await reused.json()) as Obj).error, 'invalid_grant');
      const next = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: FAKE_CLIENT_ID });
      assert.equal(next.status, 200);
    });

    it("refresh 'invalid_grant' answers the revoked body", async () => {
      await control('/config', { refreshMode: 'invalid_grant' });
      const { refresh_token } = fake.state.issueTokens();
      const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh_token!, client_id: FAKE_CLIENT_ID });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: 'invalid_grant', error_description: 'Refresh token revoked' });
    });

    it('answers 401 for a missing, unknown and expired token', async () => {
      const message = async (headers: Record<string, string>) => (((await (await fetch(`${fake.apiUrl}/me`, { headers })).json()) as Obj).error.message as string);
      assert.equal(await message({}), 'No token provided');
      assert.equal(await message({ authorization: 'Bearer nope' }), 'Invalid access token');
      assert.equal((await api('/me')).status, 200);
      await control('/tokens/expire');
      const expired = await api('/me');
      assert.equal(expired.status, 401);
      assert.deepEqual(await expired.json(), { error: { status: 401, message: 'The access token expired' } });
    });
  });

  describe('web api', () => {
    it('pages Liked Songs newest first with absolute next/previous links', async () => {
      const first = await apiJson('/me/tracks?limit=50');
      assert.equal(first.total, 300);
      assert.equal(first.items.length, 50);
      assert.equal(first.previous, null);
      assert.equal(first.next, `${fake.apiUrl}/me/tracks?offset=50&limit=50`);
      const dates = first.items.map((i: Obj) => Date.parse(i.added_at));
      assert.ok(dates.every((d: number, i: number) => i === 0 || d < dates[i - 1]), 'added_at descending');
      assert.match(first.items[0].track.id, /^[0-9A-Za-z]{22}$/);
      assert.equal(first.items[0].track.uri, `spotify:track:${first.items[0].track.id}`);
      const last = await apiJson('/me/tracks?limit=50&offset=250');
      assert.equal(last.next, null);
      assert.equal(last.previous, `${fake.apiUrl}/me/tracks?offset=200&limit=50`);
    });

    it('rejects limit outside 1..50 and a bad offset with 400', async () => {
      for (const [query, message] of [['limit=51', 'Invalid limit'], ['limit=0', 'Invalid limit'], ['offset=-1', 'Invalid offset']]) {
        const res = await api(`/me/tracks?${query}`);
        assert.equal(res.status, 400, query);
        assert.deepEqual(await res.json(), { error: { status: 400, message } });
      }
      assert.equal((await api(`/playlists/${FIXTURE_PLAYLISTS.owned120}/items?limit=51`)).status, 400);
    });

    it('forbids the removed /tracks endpoint unless legacyTracksAlias is on', async () => {
      const res = await api(`/playlists/${FIXTURE_PLAYLISTS.owned120}/tracks`);
      assert.equal(res.status, 403);
      assert.deepEqual(await res.json(), { error: { status: 403, message: 'Forbidden' } });
      fake.state.configure({ legacyTracksAlias: true });
      const page = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}/tracks?limit=100`);
      assert.equal(page.items.length, 100);
      assert.equal('item' in page.items[0], false);
      assert.ok(page.items[0].track.id);
    });

    it('without /items (itemsEndpointMissing) answers it as an unknown route and serves /tracks', async () => {
      fake.state.configure({ itemsEndpointMissing: true });
      for (const path of [`/playlists/${FIXTURE_PLAYLISTS.owned120}/items`, `/playlists/${FIXTURE_PLAYLISTS.spotifyOwned}/items`]) {
        const res = await api(path);
        assert.equal(res.status, 404, path);
        assert.deepEqual(await res.json(), { error: { status: 404, message: 'Service not found' } });
      }
      assert.deepEqual(await (await api('/no/such/route')).json(), { error: { status: 404, message: 'Service not found' } }, 'the same answer as any unknown route');
      const page = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}/tracks?limit=50`);
      assert.equal(page.items.length, 50);
      assert.ok(page.items[0].track.id);
    });

    it('serves null entries in /me/playlists where nullPlaylistsAt says, still counted in the total', async () => {
      const before = await apiJson('/me/playlists?limit=10&offset=0');
      fake.state.configure({ nullPlaylistsAt: [2, 12] });
      const first = await apiJson('/me/playlists?limit=10&offset=0');
      const second = await apiJson('/me/playlists?limit=10&offset=10');
      assert.equal(first.total, before.total);
      assert.equal(first.items.length, 10);
      assert.equal(first.items[2], null);
      assert.deepEqual(first.items.filter((_: unknown, i: number) => i !== 2).map((p: Obj) => p.id), before.items.filter((_: unknown, i: number) => i !== 2).map((p: Obj) => p.id));
      assert.equal(second.items[2], null);
      assert.throws(() => fake.state.configure({ nullPlaylistsAt: [-1] }));
    });

    it('serves owned and collaborative playlists, 403 for followed, 404 for Spotify-owned and unknown', async () => {
      assert.equal((await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}/items?limit=50&offset=100`)).items.length, 20);
      assert.equal((await apiJson(`/playlists/${FIXTURE_PLAYLISTS.collaborative}/items`)).total, FIXTURE_SIZES.collaborative);
      const followed = await api(`/playlists/${FIXTURE_PLAYLISTS.followed}/items`);
      assert.equal(followed.status, 403);
      assert.deepEqual(await followed.json(), { error: { status: 403, message: 'Forbidden' } });
      for (const path of [`/playlists/${FIXTURE_PLAYLISTS.spotifyOwned}/items`, `/playlists/${FIXTURE_PLAYLISTS.spotifyOwned}`, '/playlists/0000000000000000000000/items']) {
        const res = await api(path);
        assert.equal(res.status, 404, path);
        assert.deepEqual(await res.json(), { error: { status: 404, message: 'Resource not found' } });
      }
    });

    it('lists playlists with items:{href,total}, or tracks (one null) in the legacy shape', async () => {
      const page = await apiJson('/me/playlists?limit=50');
      assert.equal(page.total, Object.keys(FIXTURE_PLAYLISTS).length + 10);
      const owned = page.items.find((p: Obj) => p.id === FIXTURE_PLAYLISTS.owned120);
      assert.deepEqual(owned.items, { href: `${fake.apiUrl}/playlists/${FIXTURE_PLAYLISTS.owned120}/items`, total: 120 });
      assert.equal(owned.external_urls.spotify, `https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.owned120}`);
      assert.equal(page.items.find((p: Obj) => p.id === FIXTURE_PLAYLISTS.followed).owner.id, 'otheruser');
      assert.equal((await api('/me/playlists?limit=51')).status, 400);

      fake.state.configure({ legacyPlaylistShape: true });
      const legacy = await apiJson('/me/playlists?limit=50');
      assert.equal(legacy.items[0].items, undefined);
      assert.equal(legacy.items[0].tracks.total, 120);
      assert.equal(legacy.items.find((p: Obj) => p.id === LEGACY_NULL_TRACKS_PLAYLIST).tracks, null);
    });

    it('honours fields: a(b,c), a.b, !x, and cuts the page several-fold', async () => {
      const base = `/playlists/${FIXTURE_PLAYLISTS.owned120}/items?limit=50`;
      const full = await (await api(base)).text();
      const slim = await (await api(`${base}&fields=${encodeURIComponent(DOC_FIELDS)}`)).text();
      const ratio = Buffer.byteLength(full) / Buffer.byteLength(slim);
      console.log(`      page bytes: ${Buffer.byteLength(full)} full, ${Buffer.byteLength(slim)} with fields (${ratio.toFixed(1)}x)`);
      assert.ok(ratio >= 3, `ratio ${ratio}`);
      const page = JSON.parse(slim) as Obj;
      assert.deepEqual(Object.keys(page).sort(), ['items', 'limit', 'next', 'offset', 'total']);
      assert.deepEqual(Object.keys(page.items[0]), ['added_at', 'is_local', 'item']);
      assert.deepEqual(page.items[0].item.artists.map((a: Obj) => Object.keys(a)), page.items[0].item.artists.map(() => ['name']));
      assert.deepEqual(Object.keys(page.items[0].item.album), ['images', 'name']);

      const dotted = await apiJson(`${base}&fields=items.item.name`);
      assert.deepEqual(Object.keys(dotted), ['items']);
      assert.deepEqual(Object.keys(dotted.items[0].item), ['name']);
      const excluded = await apiJson(`${base}&fields=${encodeURIComponent('total,items(!track,!item)')}`);
      assert.deepEqual(Object.keys(excluded.items[0]), ['added_at', 'added_by', 'is_local', 'primary_color', 'video_thumbnail']);
      const meta = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}?fields=name,owner(id),items.total`);
      assert.deepEqual(meta, { name: 'Owned 120', owner: { id: 'fakeuser' }, items: { total: 120 } });
      const invalid = await api(`${base}&fields=${encodeURIComponent('items(item(id')}`);
      assert.equal(invalid.status, 400);
    });

    it('drops additional_types=episode from next links and keeps the other parameters', async () => {
      const page = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.big5000}/items?limit=50&market=DE&additional_types=track,episode&fields=next,items.item.id`);
      const next = new URL(page.next);
      assert.equal(next.searchParams.get('offset'), '50');
      assert.equal(next.searchParams.get('additional_types'), 'track');
      assert.equal(next.searchParams.get('market'), 'DE');
      assert.equal(next.searchParams.get('fields'), 'next,items.item.id');
      const onlyEpisode = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.big5000}/items?additional_types=episode`);
      assert.equal(new URL(onlyEpisode.next).searchParams.has('additional_types'), false);
    });

    it('adds is_playable (and restrictions for unavailable tracks) only when market is sent', async () => {
      const path = `/playlists/${FIXTURE_PLAYLISTS.edgeCases}/items?limit=50&additional_types=track,episode`;
      const withMarket = await apiJson(`${path}&market=from_token`);
      const unavailable = withMarket.items[EDGE_CASES.unavailable].item;
      assert.equal(unavailable.is_playable, false);
      assert.deepEqual(unavailable.restrictions, { reason: 'market' });
      assert.equal(withMarket.items[0].item.is_playable, true);
      const without = await apiJson(path);
      assert.equal('is_playable' in without.items[EDGE_CASES.unavailable].item, false);
      assert.equal('restrictions' in without.items[EDGE_CASES.unavailable].item, false);
    });

    it('serves the edge cases where the fixtures say', async () => {
      const { items, total } = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.edgeCases}/items?limit=50&additional_types=track,episode`);
      assert.equal(total, FIXTURE_SIZES.edgeCases);
      const local = items[EDGE_CASES.local];
      assert.equal(local.is_local, true);
      assert.equal(local.item.id, null);
      assert.equal(local.item.uri, EDGE_LOCAL_URI);
      assert.deepEqual(local.item.external_urls, {});
      assert.equal(items[EDGE_CASES.nullEntry].item, null);
      assert.equal(items[EDGE_CASES.nullEntry].track, null);
      const episode = items[EDGE_CASES.episode].item;
      assert.equal(episode.type, 'episode');
      assert.equal(episode.external_urls.spotify, `https://open.spotify.com/episode/${episode.id}`);
      assert.equal(episode.album, undefined);
      assert.equal(episode.show.name, EDGE_NAMES.show);
      assert.equal('item' in items[EDGE_CASES.trackOnly], false);
      assert.equal(items[EDGE_CASES.trackOnly].track.name, EDGE_NAMES.trackOnly);
      assert.equal(items[EDGE_CASES.markdown].item.name, EDGE_NAMES.markdown);
      assert.equal(items[EDGE_CASES.longName].item.name.length, 300);
      assert.equal(items[EDGE_CASES.japanese].item.name, EDGE_NAMES.japanese);
      assert.deepEqual(items.map((e: Obj) => e.track?.explicit === true).indexOf(true), EDGE_CASES.explicit);
      // item and track carry the same object.
      assert.deepEqual(items[0].item, items[0].track);
    });

    it('answers 304 for a matching If-None-Match, and a new snapshot after an add', async () => {
      const path = `/playlists/${FIXTURE_PLAYLISTS.owned120}/items?limit=10`;
      const etag = (await api(path)).headers.get('etag')!;
      assert.ok(etag);
      assert.equal((await api(path, { 'if-none-match': etag })).status, 304);
      const before = (await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}`)).snapshot_id;
      const added = await control(`/playlists/${FIXTURE_PLAYLISTS.owned120}/add`, { count: 3 });
      assert.equal(added.total, 123);
      assert.notEqual(added.snapshot_id, before);
      assert.equal((await apiJson(`/playlists/${FIXTURE_PLAYLISTS.owned120}`)).snapshot_id, added.snapshot_id);
    });

    it('likes and unlikes at the top of Liked Songs', async () => {
      const top = (await apiJson('/me/tracks?limit=1')).items[0];
      assert.equal((await control('/library/like', { count: 2 })).total, 302);
      const now = (await apiJson('/me/tracks?limit=3')).items;
      assert.ok(Date.parse(now[0].added_at) >= Date.parse(now[1].added_at) && Date.parse(now[1].added_at) > Date.parse(top.added_at));
      assert.equal(now[2].track.id, top.track.id);
      assert.equal((await control('/library/unlike', { count: 2 })).total, 300);
      assert.equal((await apiJson('/me/tracks?limit=1')).items[0].track.id, top.track.id);
    });
  });

  describe('faults and control', () => {
    it('sends 429 with Retry-After and counts requests made before it ran out', async () => {
      await control('/faults', { rateLimit: { retryAfterSeconds: 2, count: 1 } });
      const first = await api('/me');
      assert.equal(first.status, 429);
      assert.equal(first.headers.get('retry-after'), '2');
      // Within the grace period a request may have been on the wire already: 429, but not counted.
      assert.equal((await api('/me')).status, 429);
      await new Promise((r) => setTimeout(r, 150));
      const impatient = await api('/me');
      assert.equal(impatient.status, 429);
      assert.ok(Number(impatient.headers.get('retry-after')) >= 1);
      const stats = await control('/stats', undefined, 'GET');
      assert.equal(stats.rateLimited, 3);
      assert.equal(stats.requestsDuringRetryAfter, 1);
      await control('/faults/clear');
      assert.equal((await api('/me')).status, 200);
    });

    it('sends Retry-After: 0, or no Retry-After at all, when asked', async () => {
      await control('/faults', { rateLimit: { retryAfterSeconds: 0, count: 1 } });
      const zero = await api('/me');
      assert.equal(zero.status, 429);
      assert.equal(zero.headers.get('retry-after'), '0');
      await control('/faults', { rateLimit: { omitRetryAfter: true, count: 1 } });
      const missing = await api('/me');
      assert.equal(missing.status, 429);
      assert.equal(missing.headers.get('retry-after'), null);
      assert.equal((await api('/me')).status, 200, 'neither opens a Retry-After window');
    });

    it('sends a QUOTA_EXCEEDED body on request, and every Nth request only with `every`', async () => {
      fake.state.setFaults({ rateLimit: { retryAfterSeconds: 85368, count: 1, quotaExceeded: true } });
      const res = await api('/me');
      assert.equal(res.headers.get('retry-after'), '85368');
      assert.equal(((await res.json()) as Obj).error.reason, 'QUOTA_EXCEEDED');

      fake.state.reset();
      token = fake.state.issueTokens().access_token;
      fake.state.setFaults({ rateLimit: { retryAfterSeconds: 0, every: 3 } });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await api('/me')).status);
      assert.deepEqual(statuses, [200, 200, 429, 200, 200, 429]);
    });

    it('sends server errors, malformed JSON, transient 401s and the two 403 messages', async () => {
      fake.state.setFaults({ serverErrors: { status: 503, count: 1 }, malformedJson: { count: 1, pathPrefix: '/v1/me/tracks' } });
      assert.equal((await api('/me')).status, 503);
      await assert.rejects((await api('/me/tracks')).json());
      assert.equal((await api('/me/tracks')).status, 200);

      fake.state.setFaults({ missingToken: { count: 1 } });
      assert.equal(((await (await api('/me')).json()) as Obj).error.message, 'Access token missing');
      assert.equal((await api('/me')).status, 200);

      await control('/faults', { forbidden: 'premiumRequired' });
      assert.match(((await (await api('/me')).json()) as Obj).error.message, /premium/);
      await control('/faults', { forbidden: 'userNotRegistered' });
      assert.match(((await (await api('/me')).json()) as Obj).error.message, /may not be registered/);
    });

    it('drops or stalls connections, and logs them with status 0', async () => {
      fake.state.setFaults({ dropConnection: { count: 1 } });
      await assert.rejects(api('/me'));
      fake.state.setFaults({ stall: { count: 1 } });
      await assert.rejects(fetch(`${fake.apiUrl}/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(200) }));
      assert.equal((await api('/me')).status, 200);
      await new Promise((r) => setTimeout(r, 50));
      // The stalled one is logged when the client gives up, which may come after the next request.
      assert.deepEqual(fake.state.log().map((e) => e.status).sort(), [0, 0, 200]);
    });

    it('counts routes, bytes and concurrency, and never logs a secret', async () => {
      fake.state.configure({ latencyMs: 40 });
      await Promise.all([1, 2, 3, 4].map(() => api(`/playlists/${FIXTURE_PLAYLISTS.big5000}/items?limit=5`)));
      const { verifier, challenge } = pkce();
      const code = await signInCode(challenge);
      await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: FAKE_CLIENT_ID, code_verifier: verifier });
      const stats = fake.state.stats();
      assert.equal(stats.maxConcurrent, 4);
      assert.equal(stats.byRoute['/v1/playlists/{id}/items'], 4);
      assert.equal(stats.apiRequests, 4);
      assert.equal(stats.tokenRequests, 1);
      assert.equal(stats.authorizeRequests, 1);
      assert.ok(stats.bytesSent > 0);
      const logText = JSON.stringify(await control('/log', undefined, 'GET'));
      const secrets = await control('/tokens', undefined, 'GET');
      const all = [...secrets.accessTokens, ...secrets.refreshTokens, ...secrets.codes, verifier];
      assert.ok(secrets.codes.includes(code) && secrets.accessTokens.includes(token));
      assert.ok(all.every((s: string) => !logText.includes(s)), 'a secret leaked into the log');
    });

    it('records browser opens and calls the screenshot hook (501 without one)', async () => {
      await control('/browser-opens', { url: 'https://accounts.example/authorize' });
      assert.deepEqual((await control('/browser-opens', undefined, 'GET')).map((o: Obj) => o.url), ['https://accounts.example/authorize']);
      await control('/browser-opens', undefined, 'DELETE');
      assert.deepEqual(fake.state.browserOpens(), []);
      const none = await fetch(`${fake.url}/__fake/harness/screenshot`, { method: 'POST', body: JSON.stringify({ name: 'x' }) });
      assert.equal(none.status, 501);
      fake.setHarness({ screenshot: async (name) => `/tmp/${name}.png` });
      assert.deepEqual(await control('/harness/screenshot', { name: 'tree' }), { path: '/tmp/tree.png' });
      fake.setHarness({});
    });
  });

  describe('content', () => {
    it('generates 10,000 liked + 200 playlists fast and deterministically', () => {
      const started = performance.now();
      const lib = generateLibrary({ seed: 7, liked: 10_000, playlists: 200 });
      const ms = performance.now() - started;
      console.log(`      generated 10,000 liked + 200 playlists in ${ms.toFixed(1)} ms`);
      assert.equal(lib.liked.length, 10_000);
      assert.equal(lib.playlists.length, Object.keys(FIXTURE_PLAYLISTS).length + 200);
      assert.ok(ms < 1000);
      const fixtures = Object.keys(FIXTURE_PLAYLISTS).length;
      assert.deepEqual(generateLibrary({ seed: 7, liked: 10, playlists: 3 }).playlists.map((p) => p.name), generateLibrary({ seed: 7, liked: 10, playlists: 3 }).playlists.map((p) => p.name));
      assert.notDeepEqual(generateLibrary({ seed: 8, liked: 0, playlists: 3 }).playlists.slice(fixtures).map((p) => p.id), lib.playlists.slice(fixtures, fixtures + 3).map((p) => p.id));
    });

    it('parses and applies fields like Spotify, keeping nulls and rejecting bad syntax', () => {
      const value = { a: { b: 1, c: 2, d: 3 }, list: [{ x: 1, y: 2 }, null], keep: 'k', drop: 'd' };
      assert.deepEqual(applyFields(value, parseFields('a(b,c),list(x)')), { a: { b: 1, c: 2 }, list: [{ x: 1 }, null] });
      assert.deepEqual(applyFields(value, parseFields('a.b,a.d')), { a: { b: 1, d: 3 } });
      assert.deepEqual(applyFields(value, parseFields('!drop,!list')), { a: { b: 1, c: 2, d: 3 }, keep: 'k' });
      assert.deepEqual(applyFields(value, parseFields('nothing')), {});
      for (const bad of ['', 'a,', 'a(', 'a()', 'a b', 'a)', '!a(b)', 'a..b']) assert.throws(() => parseFields(bad), /Invalid fields/, bad);
    });
  });
});
