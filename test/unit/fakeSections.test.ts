// The fake Spotify's rest of Your Library (saved albums, followed artists, podcasts, Your Episodes)
// keeps the 2026 contract of docs/spotify-web-api.md. Plain Node, real fetch against a started fake.
import * as assert from 'node:assert/strict';
import { BIG_SHOW_EPISODES, MULTI_DISC_SIZES, PARTLY_PLAYED_MS, SECTION_DEFAULTS, SECTION_FIXTURES, SECTION_NAMES, SECTION_POSITIONS } from '../fake-spotify/sectionFixtures';
import { generateSections } from '../fake-spotify/sections';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALL_SCOPES = 'user-library-read user-follow-read user-read-playback-position playlist-read-private';
const INSUFFICIENT = { error: { status: 403, message: 'Insufficient client scope' } };
/** Fields dev mode removed, per object type. */
const REMOVED: Record<string, string[]> = {
  album: ['label', 'popularity', 'album_group', 'available_markets'],
  artist: ['followers', 'popularity'],
  show: ['publisher', 'available_markets'],
  track: ['available_markets', 'linked_from', 'popularity'],
  episode: ['available_markets'],
};

/** Every object in the value that has a `type`, recursively. */
function typedObjects(value: unknown, out: Obj[] = []): Obj[] {
  if (Array.isArray(value)) for (const v of value) typedObjects(v, out);
  else if (value && typeof value === 'object') {
    if (typeof (value as Obj).type === 'string') out.push(value);
    for (const v of Object.values(value)) typedObjects(v, out);
  }
  return out;
}

function assertNoRemovedFields(body: unknown): void {
  const objects = typedObjects(body);
  assert.ok(objects.length > 0);
  for (const o of objects) for (const key of REMOVED[o.type] ?? []) assert.ok(!(key in o), `${o.type} ${o.id} has ${key}`);
}

describe('fake Spotify: the rest of Your Library', function () {
  let fake: FakeSpotify;
  let token: string;
  const counts = { albums: 120, artists: 130, shows: 12, episodes: 30 };

  before(async () => {
    fake = await startFakeSpotify({ liked: 20, playlists: 2, ...counts });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens(ALL_SCOPES).access_token;
  });

  const api = (path: string, withToken = token) => fetch(fake.apiUrl + path, { headers: { authorization: `Bearer ${withToken}` } });
  const apiJson = async (path: string, withToken = token): Promise<Obj> => {
    const res = await api(path, withToken);
    assert.equal(res.status, 200, `${path} -> ${res.status}`);
    return (await res.json()) as Obj;
  };
  /** Follows `next` links from `path` to the end; returns every page. */
  const allPages = async (path: string, key?: string): Promise<Obj[]> => {
    const pages: Obj[] = [];
    let next: string | null = fake.apiUrl + path;
    while (next) {
      assert.ok(next.startsWith(fake.apiUrl), next);
      const body = await apiJson(next.slice(fake.apiUrl.length));
      const page = key ? body[key] : body;
      pages.push(page);
      next = page.next;
    }
    return pages;
  };
  const control = async (path: string, body?: unknown, method = 'POST'): Promise<Obj> => {
    const res = await fetch(`${fake.url}/__fake${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(res.status, 200, `control ${path} -> ${res.status}`);
    return (await res.json()) as Obj;
  };

  it('generates the issue sizes by default, seeded and fast', () => {
    const started = Date.now();
    const a = generateSections(7);
    assert.ok(Date.now() - started < 500);
    assert.deepEqual(a.counts(), { ...SECTION_DEFAULTS });
    assert.deepEqual(SECTION_DEFAULTS, { albums: 500, artists: 300, shows: 80, episodes: 120 });
    const b = generateSections(7);
    assert.deepEqual(a.followed(), b.followed());
    assert.deepEqual(a.savedEpisodes, b.savedEpisodes);
    for (const saved of a.savedShows) assert.ok(a.episodeCount(a.showAt(saved.index)) <= BIG_SHOW_EPISODES);
    for (const id of Object.values(SECTION_FIXTURES)) assert.match(id, /^[0-9A-Za-z]{22}$/);
  });

  describe('saved albums', () => {
    it('pages newest first with absolute links, each album carrying its first page of tracks', async () => {
      const first = await apiJson('/me/albums?limit=50');
      assert.equal(first.total, counts.albums);
      assert.equal(first.items.length, 50);
      assert.equal(first.previous, null);
      assert.equal(first.next, `${fake.apiUrl}/me/albums?offset=50&limit=50`);
      const pages = await allPages('/me/albums?limit=50');
      const items = pages.flatMap((p) => p.items);
      assert.equal(items.length, counts.albums);
      assert.equal(new Set(items.map((i) => i.album.id)).size, counts.albums);
      const dates = items.map((i) => Date.parse(i.added_at));
      assert.deepEqual(dates, [...dates].sort((x, y) => y - x));
      assert.equal(pages[2].previous, `${fake.apiUrl}/me/albums?offset=50&limit=50`);

      for (const { album } of first.items) {
        assert.equal(album.type, 'album');
        assert.equal(album.tracks.offset, 0);
        assert.equal(album.tracks.total, album.total_tracks);
        assert.equal(album.tracks.items.length, Math.min(50, album.total_tracks));
        assert.equal(album.tracks.href, `${fake.apiUrl}/albums/${album.id}/tracks?offset=0&limit=50`);
      }
      const some = first.items[0].album;
      assert.deepEqual((await apiJson(`/albums/${some.id}/tracks?offset=0&limit=50`)).items, some.tracks.items);
      assert.deepEqual(await apiJson(`/albums/${some.id}`), some);
    });

    it('serves no field that dev mode removed', async () => {
      assertNoRemovedFields(await apiJson('/me/albums?limit=50&market=from_token'));
      assertNoRemovedFields(await apiJson('/me/following?type=artist&limit=50'));
      assertNoRemovedFields(await apiJson('/me/shows?limit=50'));
      assertNoRemovedFields(await apiJson('/me/episodes?limit=50'));
      assertNoRemovedFields(await apiJson(`/shows/${SECTION_FIXTURES.bigShow}`));
      const albums = await apiJson('/me/albums?limit=10');
      assertNoRemovedFields(await apiJson(`/artists/${albums.items[0].album.artists[0].id}/albums`));
    });

    it('spreads the 150-track album over three discs, numbering tracks per disc', async () => {
      const saved = await apiJson(`/me/albums?offset=${SECTION_POSITIONS.multiDiscAlbum}&limit=1`);
      const album = saved.items[0].album;
      assert.equal(album.id, SECTION_FIXTURES.multiDiscAlbum);
      assert.equal(album.total_tracks, 150);
      assert.equal(album.tracks.items.length, 50);
      assert.equal(album.tracks.next, `${fake.apiUrl}/albums/${album.id}/tracks?offset=50&limit=50`);
      const tracks = (await allPages(`/albums/${album.id}/tracks?limit=50`)).flatMap((p) => p.items);
      assert.equal(tracks.length, 150);
      assert.equal(new Set(tracks.map((t) => t.id)).size, 150);
      const perDisc = MULTI_DISC_SIZES.map((_, d) => tracks.filter((t) => t.disc_number === d + 1).map((t) => t.track_number));
      assert.deepEqual(perDisc, MULTI_DISC_SIZES.map((size) => Array.from({ length: size }, (_, i) => i + 1)));
      for (const t of tracks) assert.ok(!('album' in t) && t.type === 'track' && t.uri === `spotify:track:${t.id}`);
    });

    it('adds is_playable only with market, and serves Markdown and HTML names verbatim', async () => {
      const plain = await apiJson(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?limit=50`);
      assert.ok(plain.items.every((t: Obj) => !('is_playable' in t)));
      const market = await apiJson(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?limit=50&market=from_token`);
      assert.ok(market.items.every((t: Obj) => typeof t.is_playable === 'boolean'));
      assert.equal(market.next, `${fake.apiUrl}/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?offset=50&limit=50&market=from_token`);
      const md = (await apiJson(`/me/albums?offset=${SECTION_POSITIONS.markdownAlbum}&limit=1`)).items[0].album;
      assert.equal(md.id, SECTION_FIXTURES.markdownAlbum);
      assert.equal(md.name, SECTION_NAMES.markdownAlbum);
      assert.equal(md.artists[0].name, SECTION_NAMES.markdownArtist);
    });

    it('counts three new saves at the top, found by one request for the first page', async () => {
      const before = await apiJson('/me/albums?limit=50');
      assert.deepEqual(await control('/library/albums/save', { count: 3 }), { total: counts.albums + 3 });
      const after = await apiJson('/me/albums?limit=50');
      assert.equal(after.total, counts.albums + 3);
      assert.deepEqual(after.items.slice(3).map((i: Obj) => i.album.id), before.items.slice(0, 47).map((i: Obj) => i.album.id));
      assert.ok(Date.parse(after.items[2].added_at) >= Date.parse(before.items[0].added_at));
      const fresh = after.items[0].album;
      assert.equal((await apiJson(`/albums/${fresh.id}/tracks`)).total, fresh.total_tracks);
      assert.deepEqual(await control('/library/albums/remove', { count: 3 }), { total: counts.albums });
      assert.deepEqual((await apiJson('/me/albums?limit=50')).items.map((i: Obj) => i.album.id), before.items.map((i: Obj) => i.album.id));
    });
  });

  describe('followed artists', () => {
    it('cursor-pages with `after`, ids ascending, no duplicates, cursors.after null at the end', async () => {
      const pages = await allPages('/me/following?type=artist&limit=50', 'artists');
      assert.equal(pages.length, 3);
      const ids = pages.flatMap((p) => p.items.map((a: Obj) => a.id));
      assert.equal(ids.length, counts.artists);
      assert.equal(new Set(ids).size, counts.artists);
      assert.deepEqual(ids, [...ids].sort());
      for (const p of pages.slice(0, -1)) {
        assert.equal(p.total, counts.artists);
        assert.equal(p.limit, 50);
        assert.equal(p.cursors.after, p.items[p.items.length - 1].id);
        assert.equal(p.next, `${fake.apiUrl}/me/following?type=artist&after=${p.cursors.after}&limit=50`);
      }
      const last = pages[pages.length - 1];
      assert.equal(last.next, null);
      assert.deepEqual(last.cursors, { after: null });
      assert.ok(ids.includes(SECTION_FIXTURES.refusingArtist) && ids.includes(SECTION_FIXTURES.emptyArtist) && ids.includes(SECTION_FIXTURES.markdownArtist));
      const md = pages.flatMap((p) => p.items).find((a: Obj) => a.id === SECTION_FIXTURES.markdownArtist);
      assert.equal(md.name, SECTION_NAMES.markdownArtist);
    });

    it('repeats no artist when some are followed between pages', async () => {
      const first = (await apiJson('/me/following?type=artist&limit=40')).artists;
      await control('/library/artists/follow', { count: 25 });
      const seen = first.items.map((a: Obj) => a.id);
      let next: string | null = first.next;
      while (next) {
        const page = (await apiJson(next.slice(fake.apiUrl.length))).artists;
        seen.push(...page.items.map((a: Obj) => a.id));
        next = page.next;
      }
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.length > counts.artists && seen.length <= counts.artists + 25);
      assert.equal((await apiJson('/me/following?type=artist&limit=1')).artists.total, counts.artists + 25);
      assert.deepEqual(await control('/library/artists/unfollow', { count: 25 }), { total: counts.artists });
    });

    it('needs type=artist', async () => {
      assert.equal((await api('/me/following')).status, 400);
      assert.equal((await api('/me/following?type=user')).status, 400);
    });
  });

  describe('artist albums', () => {
    it("lists an artist's own albums, refuses one artist with 403, and has one with none", async () => {
      const saved = (await apiJson('/me/albums?limit=50')).items.map((i: Obj) => i.album);
      const album = saved.find((a: Obj) => a.id !== SECTION_FIXTURES.markdownAlbum && a.id !== SECTION_FIXTURES.refusedArtistAlbum);
      const albums = (await allPages(`/artists/${album.artists[0].id}/albums?limit=5`)).flatMap((p) => p.items);
      assert.ok(albums.some((a: Obj) => a.id === album.id));
      assert.ok(albums.every((a: Obj) => a.artists[0].id === album.artists[0].id && !('tracks' in a)));
      const singles = await apiJson(`/artists/${album.artists[0].id}/albums?include_groups=single`);
      assert.ok(singles.items.every((a: Obj) => a.album_type === 'single'));
      assert.equal((await api(`/artists/${album.artists[0].id}/albums?include_groups=bogus`)).status, 400);

      const refused = await api(`/artists/${SECTION_FIXTURES.refusingArtist}/albums`);
      assert.equal(refused.status, 403);
      assert.deepEqual(await refused.json(), { error: { status: 403, message: 'Forbidden' } });
      const refusedSaved = (await apiJson(`/me/albums?offset=${SECTION_POSITIONS.refusedArtistAlbum}&limit=1`)).items[0].album;
      assert.equal(refusedSaved.id, SECTION_FIXTURES.refusedArtistAlbum);
      assert.equal(refusedSaved.artists[0].id, SECTION_FIXTURES.refusingArtist);

      const none = await apiJson(`/artists/${SECTION_FIXTURES.emptyArtist}/albums`);
      assert.equal(none.total, 0);
      assert.deepEqual(none.items, []);
      assert.equal((await apiJson(`/artists/${SECTION_FIXTURES.markdownArtist}/albums`)).items[0].name, SECTION_NAMES.markdownAlbum);
    });

    it('answers 404 for unknown ids, 400 for malformed ones, 403 for removed several-at-once forms', async () => {
      assert.equal((await api('/artists/zzzzzzzzzzzzzzzzzzzzzz/albums')).status, 404);
      assert.equal((await api('/albums/zzzzzzzzzzzzzzzzzzzzzz/tracks')).status, 404);
      assert.equal((await api('/shows/zzzzzzzzzzzzzzzzzzzzzz/episodes')).status, 404);
      assert.equal((await api('/albums/not-an-id/tracks')).status, 400);
      assert.equal((await api(`/albums?ids=${SECTION_FIXTURES.multiDiscAlbum}`)).status, 403);
      assert.equal((await api(`/artists/${SECTION_FIXTURES.markdownArtist}/top-tracks`)).status, 403);
    });
  });

  describe('podcasts and Your Episodes', () => {
    it('lists saved shows without publisher, and a show of 400 episodes newest first', async () => {
      const shows = await apiJson('/me/shows?limit=50');
      assert.equal(shows.total, counts.shows);
      const big = shows.items[SECTION_POSITIONS.bigShow].show;
      assert.equal(big.id, SECTION_FIXTURES.bigShow);
      assert.equal(big.total_episodes, BIG_SHOW_EPISODES);
      assert.equal(shows.items[SECTION_POSITIONS.markdownShow].show.name, SECTION_NAMES.markdownShow);
      assert.ok(shows.items.every((i: Obj) => !('publisher' in i.show) && i.show.type === 'show'));

      const episodes = (await allPages(`/shows/${big.id}/episodes?limit=50`)).flatMap((p) => p.items);
      assert.equal(episodes.length, BIG_SHOW_EPISODES);
      assert.equal(new Set(episodes.map((e) => e.id)).size, BIG_SHOW_EPISODES);
      const dates = episodes.map((e) => e.release_date);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.ok(episodes.every((e) => e.type === 'episode' && !('show' in e)));
    });

    it('gives resume points only with user-read-playback-position, never on the episode without one', async () => {
      const withScope = await apiJson(`/shows/${SECTION_FIXTURES.bigShow}/episodes?limit=5`);
      assert.equal(withScope.items[1].id, SECTION_FIXTURES.episodeWithoutResumePoint);
      assert.ok(!('resume_point' in withScope.items[1]));
      for (const e of [withScope.items[0], ...withScope.items.slice(2)]) {
        assert.deepEqual(Object.keys(e.resume_point).sort(), ['fully_played', 'resume_position_ms']);
      }
      const mine = await apiJson('/me/episodes?limit=10');
      assert.equal(mine.total, counts.episodes);
      const at = (position: number) => mine.items[position].episode;
      assert.equal(at(SECTION_POSITIONS.episodeWithoutResumePoint).id, SECTION_FIXTURES.episodeWithoutResumePoint);
      assert.ok(!('resume_point' in at(SECTION_POSITIONS.episodeWithoutResumePoint)));
      assert.deepEqual(at(SECTION_POSITIONS.partlyPlayedEpisode).resume_point, { fully_played: false, resume_position_ms: PARTLY_PLAYED_MS });
      assert.deepEqual(at(SECTION_POSITIONS.fullyPlayedEpisode).resume_point, { fully_played: true, resume_position_ms: 0 });
      assert.equal(at(SECTION_POSITIONS.markdownEpisode).name, SECTION_NAMES.markdownEpisode);
      assert.equal(at(SECTION_POSITIONS.markdownEpisode).show.name, SECTION_NAMES.markdownShow);
      assert.ok(mine.items.every((i: Obj) => i.episode.show.type === 'show' && !('publisher' in i.episode.show)));

      const libraryOnly = fake.state.issueTokens('user-library-read').access_token;
      const without = await apiJson('/me/episodes?limit=50', libraryOnly);
      assert.equal(without.total, counts.episodes);
      assert.ok(without.items.every((i: Obj) => !('resume_point' in i.episode)));
      const showWithout = await apiJson(`/shows/${SECTION_FIXTURES.bigShow}/episodes?limit=50`, libraryOnly);
      assert.ok(showWithout.items.every((e: Obj) => !('resume_point' in e)));
    });

    it('publishes new episodes at the top of a show and saves episodes at the top of Your Episodes', async () => {
      const newest = (await apiJson(`/shows/${SECTION_FIXTURES.bigShow}/episodes?limit=1`)).items[0];
      assert.deepEqual(await control(`/shows/${SECTION_FIXTURES.bigShow}/publish`, { count: 2 }), { total: BIG_SHOW_EPISODES + 2 });
      const after = await apiJson(`/shows/${SECTION_FIXTURES.bigShow}/episodes?limit=3`);
      assert.equal(after.total, BIG_SHOW_EPISODES + 2);
      assert.equal(after.items[2].id, newest.id);
      assert.ok(after.items[0].release_date >= newest.release_date);
      assert.equal((await apiJson('/me/shows?limit=1')).items[0].show.total_episodes, BIG_SHOW_EPISODES + 2);

      const before = await apiJson('/me/episodes?limit=50');
      assert.deepEqual(await control('/library/episodes/save', { count: 3 }), { total: counts.episodes + 3 });
      const saved = await apiJson('/me/episodes?limit=50');
      assert.deepEqual(saved.items.slice(3).map((i: Obj) => i.episode.id), before.items.slice(0, 47).map((i: Obj) => i.episode.id));
      assert.equal(new Set(saved.items.map((i: Obj) => i.episode.id)).size, saved.items.length);
      assert.deepEqual(await control('/library/shows/save', { count: 2 }), { total: counts.shows + 2 });
      const info = await control('/sections', undefined, 'GET');
      assert.deepEqual([info.albums, info.artists, info.shows, info.episodes], [counts.albums, counts.artists, counts.shows + 2, counts.episodes + 3]);
    });
  });

  describe('scopes, limits and stats', () => {
    it("answers 403 with Spotify's insufficient-scope body when the token lacks the endpoint's scope", async () => {
      const playlistsOnly = fake.state.issueTokens('playlist-read-private').access_token;
      for (const path of ['/me/albums', '/me/following?type=artist', '/me/shows', '/me/episodes']) {
        const res = await api(path, playlistsOnly);
        assert.equal(res.status, 403, path);
        assert.deepEqual(await res.json(), INSUFFICIENT);
      }
      const libraryOnly = fake.state.issueTokens('user-library-read').access_token;
      assert.equal((await api('/me/albums', libraryOnly)).status, 200);
      const following = await api('/me/following?type=artist', libraryOnly);
      assert.equal(following.status, 403);
      assert.deepEqual(await following.json(), INSUFFICIENT);
      // Catalog reads need no scope.
      assert.equal((await api(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks`, playlistsOnly)).status, 200);
      assert.equal((await api(`/shows/${SECTION_FIXTURES.bigShow}/episodes`, playlistsOnly)).status, 200);
    });

    it('rejects limit outside 1..50, a bad offset and a bad market with 400', async () => {
      const paths = ['/me/albums?', `/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?`, '/me/following?type=artist&', `/artists/${SECTION_FIXTURES.markdownArtist}/albums?`, '/me/shows?', `/shows/${SECTION_FIXTURES.bigShow}/episodes?`, '/me/episodes?'];
      for (const path of paths) {
        for (const bad of ['limit=0', 'limit=51', 'limit=ten', 'market=usa']) {
          const res = await api(path + bad);
          assert.equal(res.status, 400, path + bad);
          assert.equal(((await res.json()) as Obj).error.status, 400);
        }
        assert.equal((await api(path + 'limit=50')).status, 200, path);
        assert.equal((await api(path + 'limit=1')).status, 200, path);
      }
      assert.equal((await api('/me/albums?offset=-1')).status, 400);
      assert.equal((await api(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?offset=x`)).status, 400);
    });

    it('counts the new routes under templates', async () => {
      await api('/me/albums?limit=1');
      await api(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks`);
      await api(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?offset=50`);
      await api('/me/following?type=artist');
      await api(`/artists/${SECTION_FIXTURES.emptyArtist}/albums`);
      await api('/me/shows');
      await api(`/shows/${SECTION_FIXTURES.bigShow}/episodes`);
      await api(`/shows/${SECTION_FIXTURES.bigShow}`);
      await api('/me/episodes');
      assert.deepEqual(fake.state.stats().byRoute, {
        '/v1/me/albums': 1,
        '/v1/albums/{id}/tracks': 2,
        '/v1/me/following': 1,
        '/v1/artists/{id}/albums': 1,
        '/v1/me/shows': 1,
        '/v1/shows/{id}/episodes': 1,
        '/v1/shows/{id}': 1,
        '/v1/me/episodes': 1,
      });
    });

    it('resets to other sizes through the control API', async () => {
      await control('/reset', { albums: 7, artists: 2, shows: 1, episodes: 0 });
      assert.equal((await apiJson('/me/albums')).total, 7);
      assert.equal((await apiJson('/me/following?type=artist')).artists.total, 2);
      assert.equal((await apiJson('/me/shows')).total, 1);
      assert.deepEqual((await apiJson('/me/episodes')).items, []);
      fake.state.reset();
      assert.equal((await apiJson('/me/albums')).total, counts.albums);
    });
  });
});
