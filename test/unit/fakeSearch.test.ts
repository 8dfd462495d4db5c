// The fake's GET /v1/search keeps Spotify's 2026 contract for development-mode apps: q and type
// required, limit 1-10 (default 5), offset up to 1000, a paging object per type with full-URL links,
// Spotify's shapes per kind, and it finds what the user has not saved. Plain Node, real fetch.
import * as assert from 'node:assert/strict';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { SEARCH_COUNTS, SEARCH_FIXTURES, SEARCH_NAMES, SEARCH_WORD, SEARCH_WORD_TRACKS } from '../fake-spotify/searchFixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('fake Spotify: search', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 40, playlists: 3, albums: 5, artists: 5, shows: 3, episodes: 5 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens('user-library-read user-library-modify').access_token;
  });

  async function get(pathOrUrl: string, bearer = token): Promise<{ status: number; json: Obj }> {
    const response = await fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${fake.apiUrl}${pathOrUrl}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Obj) : {} };
  }
  const search = (params: Record<string, string>) => get(`/search?${new URLSearchParams(params)}`);

  it('pages the tracks of one word 10 at a time through offsets 0, 10, 20…, following next (full URLs) to the end', async () => {
    const seen: string[] = [];
    const offsets: number[] = [];
    let next: string | null = `${fake.apiUrl}/search?${new URLSearchParams({ q: SEARCH_WORD.toLowerCase(), type: 'track', limit: '10' })}`;
    while (next) {
      const page: { status: number; json: Obj } = await get(next);
      assert.equal(page.status, 200, next);
      const tracks = page.json.tracks;
      assert.deepEqual(Object.keys(page.json), ['tracks'], 'only the type asked for');
      assert.deepEqual(Object.keys(tracks), ['href', 'items', 'limit', 'next', 'offset', 'previous', 'total']);
      assert.equal(tracks.total, SEARCH_WORD_TRACKS);
      assert.equal(tracks.limit, 10);
      offsets.push(tracks.offset);
      assert.equal(tracks.previous === null, tracks.offset === 0);
      for (const track of tracks.items as Obj[]) {
        assert.equal(track.type, 'track');
        assert.match(track.uri, /^spotify:track:[0-9A-Za-z]{22}$/);
        assert.ok(Array.isArray(track.album.images) && track.album.images.length > 0, 'the album with its images');
        assert.ok(`${track.name} ${track.artists.map((a: Obj) => a.name).join(' ')}`.toLowerCase().includes('zephyr'), track.name);
        seen.push(track.uri);
      }
      next = tracks.next;
      if (next) assert.match(next, /^http:\/\/127\.0\.0\.1:\d+\/v1\/search\?query=zephyr&type=track&offset=\d+&limit=10$/);
    }
    assert.deepEqual(offsets, [0, 10, 20, 30, 40]);
    assert.equal(new Set(seen).size, SEARCH_WORD_TRACKS, 'every match once');
    assert.ok(SEARCH_WORD_TRACKS >= 25);
  });

  it('finds what is not in the library: tracks not liked, the album (whose tracks browse), the artist, a public playlist not followed, the show and its episodes', async () => {
    const answer = await search({ q: 'ZEPHYR', type: 'album,artist,playlist,show,episode,track', limit: '10' });
    assert.equal(answer.status, 200);
    const { albums, artists, playlists, shows, episodes, tracks } = answer.json;
    assert.equal(albums.total, 1);
    assert.deepEqual(Object.keys(albums.items[0]), ['album_type', 'artists', 'external_urls', 'href', 'id', 'images', 'name', 'release_date', 'release_date_precision', 'total_tracks', 'type', 'uri']);
    assert.equal(albums.items[0].id, SEARCH_FIXTURES.album);
    assert.equal(albums.items[0].artists[0].name, SEARCH_NAMES.artist);
    const albumTracks = await get(`/albums/${SEARCH_FIXTURES.album}/tracks?limit=50`);
    assert.equal(albumTracks.json.total, SEARCH_COUNTS.albumTracks);
    assert.equal(artists.total, 1);
    assert.equal(artists.items[0].id, SEARCH_FIXTURES.artist);
    assert.equal(artists.items[0].type, 'artist');
    assert.equal(playlists.total, 2);
    const playlist = playlists.items.find((p: Obj | null) => p?.id === SEARCH_FIXTURES.playlist);
    assert.deepEqual(playlist.owner.id, 'otheruser');
    assert.deepEqual(playlist.items, { href: `${fake.apiUrl}/playlists/${SEARCH_FIXTURES.playlist}/items`, total: SEARCH_COUNTS.playlistEntries });
    assert.ok(playlists.items.includes(null), 'the Spotify-owned playlist comes as null, as for dev-mode apps');
    assert.equal(fake.state.library.isFollowed(SEARCH_FIXTURES.playlist), false);
    assert.equal(shows.total, 1);
    assert.equal(shows.items[0].id, SEARCH_FIXTURES.show);
    assert.equal(shows.items[0].type, 'show');
    assert.equal(episodes.total, SEARCH_COUNTS.showEpisodes);
    assert.equal(episodes.items[0].type, 'episode');
    assert.equal(episodes.items[0].show, undefined, 'the simplified episode');
    const liked = new Set(fake.state.library.liked.map((e) => fake.state.library.uriOf(e.ref)));
    assert.ok((tracks.items as Obj[]).every((t) => !liked.has(t.uri)), 'none of them is liked yet');
    // Saving one from the results works like any catalog track.
    const save = await fetch(`${fake.apiUrl}/me/library?uris=${tracks.items[0].uri}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(save.status, 200);
    assert.equal(fake.state.library.isLiked(tracks.items[0].uri), true);
    assert.equal((await get(`/tracks/${tracks.items[0].id}`)).status, 200, 'and GET /tracks/{id} knows it');
  });

  it('matches names case-insensitively, tracks also by artist name, library content too; the Markdown/HTML name comes as it is', async () => {
    const markdown = await search({ q: 'onerror **zephyr**', type: 'track' });
    assert.deepEqual(markdown.json.tracks.items.map((t: Obj) => t.name), [SEARCH_NAMES.markdownTrack]);
    const byArtist = await search({ q: 'zephyr quartet', type: 'track', limit: '10' });
    assert.equal(byArtist.json.tracks.total, SEARCH_COUNTS.albumTracks, 'the album tracks, by their artist');
    const owned = await search({ q: 'owned 120', type: 'playlist' });
    assert.equal(owned.json.playlists.total, 0, 'a private playlist, even the user\'s own, is not found');
    const followed = await search({ q: 'curator picks', type: 'playlist' });
    assert.equal(followed.json.playlists.items[0]?.id, FIXTURE_PLAYLISTS.followed);
    const liked = fake.state.library.liked[0];
    const likedName = (await get(`/me/tracks?limit=1`)).json.items[0].track.name as string;
    const found = await search({ q: likedName.toUpperCase(), type: 'track', limit: '10' });
    assert.ok(found.json.tracks.items.some((t: Obj) => t.uri === fake.state.library.uriOf(liked.ref)), likedName);
  });

  it('a query matching nothing: every type asked for, empty, total 0, no links', async () => {
    const answer = await search({ q: 'qqxxzz nothing', type: 'track,album,artist,playlist,show,episode' });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json).sort(), ['albums', 'artists', 'episodes', 'playlists', 'shows', 'tracks']);
    for (const page of Object.values(answer.json) as Obj[]) {
      assert.deepEqual({ ...page, href: undefined }, { href: undefined, items: [], limit: 5, next: null, offset: 0, previous: null, total: 0 });
      assert.match(page.href, /\/v1\/search\?query=qqxxzz\+nothing&type=\w+&offset=0&limit=5$/);
    }
  });

  it('refuses as Spotify does: limit above 10, offset above 1000, q or type missing, an unknown type, no token; counted in the log', async () => {
    const refusal = (message: string) => ({ status: 400, json: { error: { status: 400, message } } });
    assert.deepEqual(await search({ q: 'zephyr', type: 'track', limit: '11' }), refusal('Invalid limit'));
    assert.deepEqual(await search({ q: 'zephyr', type: 'track', limit: '0' }), refusal('Invalid limit'));
    assert.deepEqual(await search({ q: 'zephyr', type: 'track', offset: '1001' }), refusal('Invalid offset'));
    assert.equal((await search({ q: 'zephyr', type: 'track', offset: '1000' })).status, 200);
    assert.deepEqual(await search({ type: 'track' }), refusal('No search query'));
    assert.deepEqual(await search({ q: 'zephyr' }), refusal('Missing parameter type'));
    assert.deepEqual(await search({ q: 'zephyr', type: 'track,song' }), refusal('Bad search type field song'));
    assert.equal((await get('/search?q=zephyr&type=track', '')).status, 401);
    const defaults = await search({ q: 'zephyr', type: 'track' });
    assert.equal(defaults.json.tracks.limit, 5);
    assert.equal(defaults.json.tracks.items.length, 5);
    const logged = fake.state.log().filter((entry) => entry.path === '/v1/search');
    assert.equal(logged.length, 9, 'refused ones too');
    assert.equal(fake.state.stats().byRoute['/v1/search'], 9);
  });
});
