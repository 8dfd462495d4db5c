// What search walks: every track, album, artist, playlist, show and episode the fake knows (the
// library, the sections' catalogs, and the search-only records of searchFixtures.ts), as small
// records with their names; the Spotify-shaped JSON is built only for the page served.
import { OTHER_USERS } from './fixtures';
import { ADJECTIVES, type Json, type Library, NOUNS, playlistAccess, renderPlaylist, renderTrack, type TrackRef } from './library';
import { SEARCH_COUNTS, SEARCH_FIXTURES, SEARCH_INDEX, SEARCH_NAMES } from './searchFixtures';
import { renderAlbumTracks, renderSectionArtist, renderSectionEpisode, renderShow, renderSimplifiedAlbum } from './sections';
import type { FakeState } from './state';

export const SEARCH_TYPES = ['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchContext {
  apiUrl: string;
  market?: string;
}

export interface Searchable {
  uri: string;
  /** Lower-cased name. */
  name: string;
  /** Lower-cased artist names (tracks and albums), also matched. */
  artists: string;
  /** null for an item Spotify lists as `null` (a Spotify-owned playlist, for a dev-mode app). */
  render(ctx: SearchContext): Json | null;
}

export interface SearchIndex {
  byType: Record<SearchType, Searchable[]>;
  tracksByUri: Map<string, Searchable>;
}

const DAY = 86_400_000;
const CATALOG_EPOCH = Date.UTC(2026, 8, 1);

/** Names of the catalog-only tracks: each has SEARCH_WORD in it; the last is the Markdown one. */
function catalogTrackName(i: number): string {
  if (i === SEARCH_COUNTS.catalogTracks - 1) return SEARCH_NAMES.markdownTrack;
  return i % 2 === 0 ? `${ADJECTIVES[i % ADJECTIVES.length]} Zephyr` : `Zephyr of the ${NOUNS[i % NOUNS.length]}`;
}

/** Adds the search-only tracks and playlists to a freshly generated library (FakeState.reset). */
export function addSearchCatalog(lib: Library): void {
  const refs: TrackRef[] = Array.from({ length: SEARCH_COUNTS.catalogTracks }, (_, i) => ({ kind: 'catalog', index: SEARCH_INDEX.firstTrack + i, name: catalogTrackName(i), explicit: false, unavailable: false }));
  lib.addCatalogOnly(refs);
  const entries = (n: number) => refs.slice(0, n).map((ref, i) => ({ ref, addedAt: CATALOG_EPOCH + i * DAY, addedBy: 'otheruser' }));
  lib.addUnfollowedPlaylist({ id: SEARCH_FIXTURES.playlist, name: SEARCH_NAMES.playlist, description: 'Soft winds only.', ownerId: 'otheruser', ownerName: OTHER_USERS.otheruser, collaborative: false, public: true, followers: 87, entries: entries(SEARCH_COUNTS.playlistEntries), version: 1 });
  lib.addUnfollowedPlaylist({ id: SEARCH_FIXTURES.spotifyPlaylist, name: SEARCH_NAMES.spotifyPlaylist, description: 'The breeziest songs.', ownerId: 'spotify', ownerName: OTHER_USERS.spotify, collaborative: false, public: true, followers: 120_000, entries: entries(10).map((e) => ({ ...e, addedBy: '' })), version: 1 });
}

const indexes = new WeakMap<FakeState, { key: string; index: SearchIndex }>();

/** Changes whenever something search could find was added, removed or renamed. */
function indexKey(state: FakeState): string {
  const lib = state.library;
  const s = state.sections;
  const playlists = lib.allPlaylists();
  const episodes = s.showIndices().reduce((sum, i) => sum + s.episodeCount(s.showAt(i)), 0);
  return [lib.seed, lib.liked.length, lib.catalogOnly.length, playlists.length, playlists.reduce((sum, p) => sum + p.entries.length + p.version, 0), s.albumIndices().length, s.artistIndices().length, s.showIndices().length, episodes, state.apiUrl].join(',');
}

export function searchIndex(state: FakeState): SearchIndex {
  const key = indexKey(state);
  const cached = indexes.get(state);
  if (cached && cached.key === key) return cached.index;
  const index = buildIndex(state);
  indexes.set(state, { key, index });
  return index;
}

function artistNames(rendered: Json): string {
  return (Array.isArray(rendered.artists) ? (rendered.artists as Json[]) : []).map((a) => (typeof a.name === 'string' ? a.name : '')).join(' ').toLowerCase();
}

function buildIndex(state: FakeState): SearchIndex {
  const lib = state.library;
  const sections = state.sections;
  const seed = lib.seed;
  const apiUrl = state.apiUrl;
  const sectionCtx = (ctx: SearchContext) => ({ apiUrl: ctx.apiUrl, market: ctx.market, resumePoints: false });

  const tracks: Searchable[] = [];
  const tracksByUri = new Map<string, Searchable>();
  const addTrack = (item: Searchable) => {
    if (tracksByUri.has(item.uri)) return;
    tracksByUri.set(item.uri, item);
    tracks.push(item);
  };
  const refs: TrackRef[] = [...lib.liked.map((e) => e.ref), ...lib.allPlaylists().flatMap((p) => p.entries.map((e) => e.ref)), ...lib.catalogOnly];
  for (const ref of refs) {
    const rendered = renderTrack(seed, ref, { apiUrl });
    // Local files are not in Spotify's catalog; episodes are found as episodes.
    if (!rendered || rendered.type !== 'track' || rendered.is_local === true || typeof rendered.uri !== 'string') continue;
    addTrack({ uri: rendered.uri, name: String(rendered.name).toLowerCase(), artists: artistNames(rendered), render: (ctx) => renderTrack(seed, ref, ctx) });
  }
  const searchAlbum = sections.albumAt(SEARCH_INDEX.album);
  for (let n = 0; n < searchAlbum.total; n++) {
    const render = (ctx: SearchContext): Json => ({ ...renderAlbumTracks(seed, searchAlbum, n, 1, sectionCtx(ctx))[0], album: renderSimplifiedAlbum(seed, searchAlbum, sectionCtx(ctx)) });
    const rendered = render({ apiUrl });
    addTrack({ uri: String(rendered.uri), name: String(rendered.name).toLowerCase(), artists: artistNames(rendered), render });
  }

  const albums: Searchable[] = sections.albumIndices().map((i) => {
    const album = sections.albumAt(i);
    return { uri: `spotify:album:${album.id}`, name: album.name.toLowerCase(), artists: sections.artistAt(album.artist).name.toLowerCase(), render: (ctx) => renderSimplifiedAlbum(seed, album, sectionCtx(ctx)) };
  });
  const artists: Searchable[] = sections.artistIndices().map((i) => {
    const artist = sections.artistAt(i);
    return { uri: `spotify:artist:${artist.id}`, name: artist.name.toLowerCase(), artists: '', render: (ctx) => renderSectionArtist(artist, sectionCtx(ctx), true) };
  });
  // Search lists public playlists only; Spotify-owned ones come as null for a development-mode app.
  const playlists: Searchable[] = lib.allPlaylists().filter((p) => p.public).map((p) => ({
    uri: `spotify:playlist:${p.id}`,
    name: p.name.toLowerCase(),
    artists: '',
    render: (ctx) => (playlistAccess(p) === 'notFound' ? null : renderPlaylist(lib, p, ctx.apiUrl, { legacyPlaylistShape: false, legacyTracksAlias: false }, false)),
  }));
  const shows: Searchable[] = [];
  const episodes: Searchable[] = [];
  for (const i of sections.showIndices()) {
    const show = sections.showAt(i);
    const total = sections.episodeCount(show);
    shows.push({ uri: `spotify:show:${show.id}`, name: show.name.toLowerCase(), artists: '', render: (ctx) => renderShow(show, sections.episodeCount(show), sectionCtx(ctx)) });
    for (let serial = total - 1; serial >= 0; serial--) {
      const first = renderSectionEpisode(seed, show, serial, { apiUrl });
      // Search gives the simplified episode: no `show`.
      episodes.push({ uri: String(first.uri), name: String(first.name).toLowerCase(), artists: '', render: (ctx) => renderSectionEpisode(seed, show, serial, sectionCtx(ctx)) });
    }
  }
  return { byType: { track: tracks, album: albums, artist: artists, playlist: playlists, show: shows, episode: episodes, audiobook: [] }, tracksByUri };
}

/** The query's words, lower-cased; field filters (`artist:abba`) count as plain words here. */
export function queryWords(q: string): string[] {
  return q.toLowerCase().replace(/\b(track|artist|album|genre|year|tag|isrc|upc):/g, ' ').replace(/"/g, ' ').split(/\s+/).filter(Boolean);
}

/** Items with every word in their name first, then those that need their artists' names too. */
export function matching(items: readonly Searchable[], words: readonly string[]): Searchable[] {
  const byName: Searchable[] = [];
  const byArtist: Searchable[] = [];
  for (const item of items) {
    if (words.every((w) => item.name.includes(w))) byName.push(item);
    else if (item.artists && words.every((w) => item.name.includes(w) || item.artists.includes(w))) byArtist.push(item);
  }
  return [...byName, ...byArtist];
}
