// The fake user's library: seeded, deterministic and compact. Entries hold small records (a catalog
// index, or a hand-made special); the big Spotify-shaped JSON is built only when a page is served.
import {
  BIG_SPECIALS,
  EDGE_CASES,
  EDGE_NAMES,
  FAKE_USER,
  FIXTURE_PLAYLISTS,
  FIXTURE_SIZES,
  LEGACY_NULL_TRACKS_PLAYLIST,
  LIKED_SPECIALS,
  NEEDS_CLEANUP,
  NEEDS_CLEANUP_NAMES,
  OTHER_USERS,
} from './fixtures';

export type Json = Record<string, unknown>;

/** A catalog track with some fields forced, a local file, or a podcast episode. */
export type SpecialRef =
  | { kind: 'catalog'; index: number; name?: string; artistName?: string; explicit?: boolean; unavailable?: boolean; singleOf?: number }
  | { kind: 'local'; artist: string; album: string; title: string; seconds: number }
  | { kind: 'episode'; index: number; name?: string; showName?: string }
  /** A track of another catalog (an album of the other sections), liked or added by the extension: rendered by its own code. */
  | { kind: 'external'; uri: string; render: (ctx: RenderContext) => Json };

/** A plain number is a catalog track; null is a removed item (`item: null, track: null`). */
export type TrackRef = number | SpecialRef | null;

export interface Entry {
  ref: TrackRef;
  addedAt: number;
  addedBy?: string;
  /** Old-shape entry: carries `track` but no `item` key. */
  trackOnly?: boolean;
}

export interface PlaylistRecord {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  ownerName: string;
  collaborative: boolean;
  public: boolean;
  followers: number;
  entries: Entry[];
  /** Bumped on every change; the snapshot_id is derived from it. */
  version: number;
}

export type PlaylistAccess = 'readable' | 'forbidden' | 'notFound';

export interface RenderContext {
  apiUrl: string;
  /** Set when the request carried `market`: adds is_playable/restrictions. */
  market?: string;
  /** Playlist entries carry the `episode`/`track` booleans Spotify adds there. */
  inPlaylist?: boolean;
}

export interface PlaylistShape {
  legacyPlaylistShape: boolean;
  legacyTracksAlias: boolean;
}

export interface LibrarySize {
  seed: number;
  liked: number;
  playlists: number;
}

// ---------------------------------------------------------------- seeded randomness

const enum Salt {
  Track = 1,
  Album,
  Artist,
  Episode,
  Show,
  Playlist,
  Liked,
  Snapshot,
  Generated,
}

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator seeded by a hash of the parts, so any record can be rebuilt alone from its index. */
export function seededRandom(...parts: number[]): () => number {
  let h = 0x9747b28c;
  for (const part of parts) {
    h ^= Math.imul(part | 0, 0xcc9e2d51);
    h = Math.imul((h << 15) | (h >>> 17), 0x1b873593);
    h ^= Math.imul((part / 4294967296) | 0, 0x85ebca6b);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return mulberry32(h >>> 0);
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function base62Id(r: () => number): string {
  let s = '';
  for (let i = 0; i < 22; i++) s += BASE62[Math.floor(r() * 62)];
  return s;
}
export function hex(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}
export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** Spotify writes timestamps without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

// ---------------------------------------------------------------- names

export const ADJECTIVES = ['Golden', 'Midnight', 'Electric', 'Silent', 'Broken', 'Velvet', 'Neon', 'Paper', 'Crystal', 'Wild', 'Lonely', 'Burning', 'Frozen', 'Hidden', 'Lucky', 'Secret', 'Summer', 'Winter', 'Distant', 'Gentle', 'Restless', 'Crimson', 'Blue', 'Silver', 'Hollow', 'Endless', 'Faded', 'Bright', 'Quiet', 'Sweet'];
export const NOUNS = ['Heart', 'River', 'Sky', 'Road', 'Dream', 'Fire', 'Light', 'Rain', 'City', 'Ocean', 'Night', 'Shadow', 'Mirror', 'Garden', 'Highway', 'Echo', 'Storm', 'Star', 'Window', 'Letter', 'Horizon', 'Island', 'Signal', 'Engine', 'Moon', 'Harbor', 'Forest', 'Machine', 'Season', 'Ghost'];
const VERBS = ['Running', 'Falling', 'Waiting', 'Dancing', 'Calling', 'Drifting', 'Breathing', 'Chasing', 'Holding', 'Dreaming'];
export const FIRST = ['Ava', 'Leo', 'Mila', 'Noah', 'Ines', 'Oskar', 'Yara', 'Elias', 'Nora', 'Felix', 'Lena', 'Jonas', 'Sofia', 'Malik', 'Hana', 'Theo'];
export const LAST = ['Marlow', 'Reyes', 'Lindqvist', 'Okafor', 'Berg', 'Castillo', 'Novak', 'Sato', 'Hale', 'Moreau', 'Brandt', 'Quinn', 'Adeyemi', 'Kowalski'];
const SUFFIXES = ['', '', '', '', ' - Remastered 2011', ' - Live', ' (Acoustic)', ' - Radio Edit', ' (feat. Nora Quinn)'];
const COUNTRIES = ['US', 'GB', 'SE', 'DE', 'FR', 'JP', 'NL'];
const GENRES = ['Focus', 'Chill', 'Workout', 'Road Trip', 'Late Night', 'Coding', 'Sunday', 'Rainy Day', 'Party', 'Throwback'];

export function trackTitle(r: () => number): string {
  const n = Math.floor(r() * 4);
  const base =
    n === 0 ? `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}`
    : n === 1 ? `${pick(r, VERBS)} Through the ${pick(r, NOUNS)}`
    : n === 2 ? `${pick(r, NOUNS)}s`
    : `${pick(r, NOUNS)} of ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}s`;
  return base + pick(r, SUFFIXES);
}

// ---------------------------------------------------------------- catalog

const ALBUM_COUNT = 4000;
const ARTIST_COUNT = 1500;
const SHOW_COUNT = 40;

interface ArtistData { id: string; name: string }
interface AlbumData {
  id: string;
  name: string;
  type: string;
  artist: ArtistData;
  totalTracks: number;
  releaseDate: string;
  precision: string;
  imageKey: string;
  year: number;
}

function artistData(seed: number, index: number): ArtistData {
  const r = seededRandom(seed, Salt.Artist, index);
  const id = base62Id(r);
  const n = Math.floor(r() * 3);
  const name = n === 0 ? `${pick(r, FIRST)} ${pick(r, LAST)}` : n === 1 ? `The ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}s` : `${pick(r, NOUNS)} ${pick(r, NOUNS)}`;
  return { id, name };
}

function albumData(seed: number, index: number): AlbumData {
  const r = seededRandom(seed, Salt.Album, index);
  const id = base62Id(r);
  const kind = r();
  const type = kind < 0.65 ? 'album' : kind < 0.92 ? 'single' : 'compilation';
  const totalTracks = type === 'single' ? 1 + Math.floor(r() * 3) : 8 + Math.floor(r() * 10);
  const name = type === 'compilation' ? `Greatest Hits Vol. ${1 + Math.floor(r() * 4)}` : `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}${r() < 0.2 ? ' (Deluxe Edition)' : ''}`;
  const artist = artistData(seed, Math.floor(r() * ARTIST_COUNT));
  const year = 1962 + Math.floor(r() * 65);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const yearOnly = r() < 0.1;
  const releaseDate = yearOnly ? String(year) : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { id, name, type, artist, totalTracks, releaseDate, precision: yearOnly ? 'year' : 'day', imageKey: hex(r, 24), year };
}

function renderArtist(a: ArtistData, ctx: RenderContext): Json {
  return {
    external_urls: { spotify: `https://open.spotify.com/artist/${a.id}` },
    href: `${ctx.apiUrl}/artists/${a.id}`,
    id: a.id,
    name: a.name,
    type: 'artist',
    uri: `spotify:artist:${a.id}`,
  };
}

export function coverImages(prefix640: string, prefix300: string, prefix64: string, key: string, small = 64): Json[] {
  return [
    { height: 640, url: `https://i.scdn.co/image/${prefix640}${key}`, width: 640 },
    { height: 300, url: `https://i.scdn.co/image/${prefix300}${key}`, width: 300 },
    { height: small, url: `https://i.scdn.co/image/${prefix64}${key}`, width: small },
  ];
}

function renderAlbum(album: AlbumData, artistOverride: string | undefined, ctx: RenderContext): Json {
  return {
    album_type: album.type,
    artists: [renderArtist(artistOverride ? { ...album.artist, name: artistOverride } : album.artist, ctx)],
    external_urls: { spotify: `https://open.spotify.com/album/${album.id}` },
    href: `${ctx.apiUrl}/albums/${album.id}`,
    id: album.id,
    images: coverImages('ab67616d0000b273', 'ab67616d00001e02', 'ab67616d00004851', album.imageKey),
    name: album.name,
    release_date: album.releaseDate,
    release_date_precision: album.precision,
    total_tracks: album.totalTracks,
    type: 'album',
    uri: `spotify:album:${album.id}`,
  };
}

interface CatalogOverrides {
  name?: string;
  artistName?: string;
  explicit?: boolean;
  unavailable?: boolean;
  /** The single release of this catalog track's recording: its own URI and album, the track's title, artists and ISRC. */
  singleOf?: number;
}

/** Whether a catalog track is unavailable in the market (about 3% are). */
export function isUnavailable(seed: number, ref: TrackRef): boolean {
  if (ref === null) return false;
  if (typeof ref === 'number') return catalogFacts(seed, ref).unavailable;
  return ref.kind === 'catalog' ? ref.unavailable ?? catalogFacts(seed, ref.index).unavailable : false;
}

function catalogFacts(seed: number, index: number) {
  // Fixed draw order, so overriding one field never shifts the others.
  const r = seededRandom(seed, Salt.Track, index);
  const id = base62Id(r);
  const album = albumData(seed, Math.floor(r() * ALBUM_COUNT));
  const name = trackTitle(r);
  const durationMs = 95_000 + Math.floor(r() * 300_000);
  const explicit = r() < 0.12;
  const unavailable = r() < 0.03;
  const trackNumber = 1 + Math.floor(r() * album.totalTracks);
  const featured = r() < 0.15 ? artistData(seed, Math.floor(r() * ARTIST_COUNT)) : undefined;
  const isrc = `${pick(r, COUNTRIES)}${hex(r, 3).toUpperCase().replace(/[0-9]/g, 'X')}${String(album.year % 100).padStart(2, '0')}${String(Math.floor(r() * 100000)).padStart(5, '0')}`;
  return { id, album, name, durationMs, explicit, unavailable, trackNumber, featured, isrc };
}

function renderCatalogTrack(seed: number, index: number, o: CatalogOverrides, ctx: RenderContext): Json {
  const own = catalogFacts(seed, index);
  // A single release shares the recording (title, artists, ISRC, about the length); its id and album are its own.
  const f = o.singleOf === undefined ? own : catalogFacts(seed, o.singleOf);
  const album = o.singleOf === undefined ? f.album : { ...own.album, artist: f.album.artist, type: 'single', name: f.name, totalTracks: 1 };
  const unavailable = o.unavailable ?? f.unavailable;
  const mainArtist = o.artistName ? { ...f.album.artist, name: o.artistName } : f.album.artist;
  const t: Json = {
    album: renderAlbum(album, o.artistName, ctx),
    artists: (f.featured ? [mainArtist, f.featured] : [mainArtist]).map((a) => renderArtist(a, ctx)),
    disc_number: 1,
    duration_ms: o.singleOf === undefined ? f.durationMs : f.durationMs + 1_400,
  };
  if (ctx.inPlaylist) t.episode = false;
  Object.assign(t, {
    explicit: o.explicit ?? f.explicit,
    external_ids: { isrc: f.isrc },
    external_urls: { spotify: `https://open.spotify.com/track/${own.id}` },
    href: `${ctx.apiUrl}/tracks/${own.id}`,
    id: own.id,
    is_local: false,
  });
  if (ctx.market) {
    t.is_playable = !unavailable;
    if (unavailable) t.restrictions = { reason: 'market' };
  }
  t.name = o.name ?? f.name;
  t.preview_url = null;
  if (ctx.inPlaylist) t.track = true;
  t.track_number = o.singleOf === undefined ? f.trackNumber : 1;
  t.type = 'track';
  t.uri = `spotify:track:${own.id}`;
  return t;
}

function spotifyLocalPart(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

function renderLocalTrack(ref: { artist: string; album: string; title: string; seconds: number }): Json {
  return {
    album: { album_type: null, artists: [], external_urls: {}, href: null, id: null, images: [], name: ref.album, release_date: null, release_date_precision: null, type: 'album', uri: null },
    artists: [{ external_urls: {}, href: null, id: null, name: ref.artist, type: 'artist', uri: null }],
    disc_number: 0,
    duration_ms: ref.seconds * 1000,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: ref.title,
    preview_url: null,
    track_number: 0,
    type: 'track',
    uri: `spotify:local:${spotifyLocalPart(ref.artist)}:${spotifyLocalPart(ref.album)}:${spotifyLocalPart(ref.title)}:${ref.seconds}`,
  };
}

function renderEpisode(seed: number, ref: { index: number; name?: string; showName?: string }, ctx: RenderContext): Json {
  const r = seededRandom(seed, Salt.Episode, ref.index);
  const id = base62Id(r);
  const showIndex = Math.floor(r() * SHOW_COUNT);
  const sr = seededRandom(seed, Salt.Show, showIndex);
  const showId = base62Id(sr);
  const showName = ref.showName ?? `${pick(sr, ADJECTIVES)} ${pick(sr, NOUNS)} Radio`;
  const publisher = `${pick(sr, FIRST)} ${pick(sr, LAST)}`;
  const showImages = coverImages('ab6765630000ba8a', 'ab67656300005f1f', 'ab6765630000f68d', hex(sr, 24));
  const name = ref.name ?? `Episode ${1 + Math.floor(r() * 300)}: ${trackTitle(r)}`;
  const description = `In this episode we talk about ${pick(r, NOUNS).toLowerCase()}s, ${pick(r, NOUNS).toLowerCase()}s and everything between.`;
  const e: Json = {
    audio_preview_url: null,
    description,
    duration_ms: 600_000 + Math.floor(r() * 4_800_000),
  };
  if (ctx.inPlaylist) e.episode = true;
  Object.assign(e, {
    explicit: false,
    external_urls: { spotify: `https://open.spotify.com/episode/${id}` },
    href: `${ctx.apiUrl}/episodes/${id}`,
    html_description: `<p>${description}</p>`,
    id,
    images: coverImages('ab6765630000ba8a', 'ab67656300005f1f', 'ab6765630000f68d', hex(r, 24)),
    is_externally_hosted: false,
  });
  if (ctx.market) e.is_playable = true;
  Object.assign(e, {
    language: 'en',
    languages: ['en'],
    name,
    release_date: `2026-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`,
    release_date_precision: 'day',
    show: {
      copyrights: [],
      description: `${showName}, a weekly show.`,
      explicit: false,
      external_urls: { spotify: `https://open.spotify.com/show/${showId}` },
      href: `${ctx.apiUrl}/shows/${showId}`,
      html_description: `<p>${showName}, a weekly show.</p>`,
      id: showId,
      images: showImages,
      is_externally_hosted: false,
      languages: ['en'],
      media_type: 'audio',
      name: showName,
      publisher,
      total_episodes: 300,
      type: 'show',
      uri: `spotify:show:${showId}`,
    },
  });
  if (ctx.inPlaylist) e.track = false;
  e.type = 'episode';
  e.uri = `spotify:episode:${id}`;
  return e;
}

/** An entry's Spotify URI without rendering it (null for a removed item). */
export function refUri(seed: number, ref: TrackRef): string | null {
  if (ref === null) return null;
  if (typeof ref === 'number') return `spotify:track:${catalogFacts(seed, ref).id}`;
  if (ref.kind === 'catalog') return `spotify:track:${catalogFacts(seed, ref.index).id}`;
  if (ref.kind === 'local') return renderLocalTrack(ref).uri as string;
  if (ref.kind === 'external') return ref.uri;
  return `spotify:episode:${base62Id(seededRandom(seed, Salt.Episode, ref.index))}`;
}

/** The full Spotify JSON for an entry's item (track, local file or episode), or null. */
export function renderTrack(seed: number, ref: TrackRef, ctx: RenderContext): Json | null {
  if (ref === null) return null;
  if (typeof ref === 'number') return renderCatalogTrack(seed, ref, {}, ctx);
  if (ref.kind === 'catalog') return renderCatalogTrack(seed, ref.index, ref, ctx);
  if (ref.kind === 'local') return renderLocalTrack(ref);
  if (ref.kind === 'external') return ref.render(ctx);
  return renderEpisode(seed, ref, ctx);
}

// ---------------------------------------------------------------- users and playlists

function userJson(id: string, apiUrl: string): Json {
  return {
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    href: `${apiUrl}/users/${id}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  };
}

export function renderMe(apiUrl: string): Json {
  return { display_name: FAKE_USER.display_name, ...userJson(FAKE_USER.id, apiUrl), images: [] };
}

/** A playlist entry as /items (withItem) or the legacy /tracks (track only) serves it. */
export function renderPlaylistEntry(seed: number, entry: Entry, ctx: RenderContext, withItem: boolean): Json {
  const item = renderTrack(seed, entry.ref, { ...ctx, inPlaylist: true });
  const isLocal = entry.ref !== null && typeof entry.ref !== 'number' && entry.ref.kind === 'local';
  const e: Json = {
    added_at: isoSeconds(entry.addedAt),
    added_by: userJson(entry.addedBy ?? FAKE_USER.id, ctx.apiUrl),
    is_local: isLocal,
  };
  if (withItem && !entry.trackOnly) e.item = item;
  e.primary_color = null;
  e.track = item;
  e.video_thumbnail = { url: null };
  return e;
}

export function renderLikedEntry(seed: number, entry: Entry, ctx: RenderContext): Json {
  return { added_at: isoSeconds(entry.addedAt), track: renderTrack(seed, entry.ref, ctx) };
}

export function playlistAccess(p: PlaylistRecord | undefined): PlaylistAccess {
  if (!p || p.id.startsWith('37i9dQZ') || p.ownerId === 'spotify') return 'notFound';
  return p.ownerId === FAKE_USER.id || p.collaborative ? 'readable' : 'forbidden';
}

/** Spotify's shapes: none yet (`[]`, or `null` as seen for some empty playlists), one unsized upload-like image, or a 640/300/60 mosaic. */
function playlistImages(seed: number, p: PlaylistRecord): Json[] | null {
  if (p.entries.length === 0) return p.id === FIXTURE_PLAYLISTS.empty ? null : [];
  const key = hex(seededRandom(seed, Salt.Playlist, stringHash(p.id), p.version), 24);
  if (p.entries.length < 4) return [{ height: null, url: `https://image-cdn-ak.spotifycdn.com/image/ab67706c0000da84${key}`, width: null }];
  const mosaic = `ab67616d0000b273${key}`.repeat(4);
  return [640, 300, 60].map((size) => ({ height: size, url: `https://mosaic.scdn.co/${size}/${mosaic}`, width: size }));
}

/** Simplified playlist (as /me/playlists lists it) or, with `full`, the /playlists/{id} object. */
export function renderPlaylist(lib: Library, p: PlaylistRecord, apiUrl: string, shape: PlaylistShape, full: boolean): Json {
  const o: Json = {
    collaborative: p.collaborative,
    description: p.description,
    external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
  };
  if (full) o.followers = { href: null, total: p.followers };
  Object.assign(o, {
    href: `${apiUrl}/playlists/${p.id}`,
    id: p.id,
    images: playlistImages(lib.seed, p),
    name: p.name,
    owner: { display_name: p.ownerName, ...userJson(p.ownerId, apiUrl) },
    primary_color: null,
    public: p.public,
    snapshot_id: lib.snapshotId(p),
  });
  const total = p.entries.length;
  const tracksRef = { href: `${apiUrl}/playlists/${p.id}/tracks`, total };
  if (shape.legacyPlaylistShape) {
    o.tracks = p.id === LEGACY_NULL_TRACKS_PLAYLIST ? null : tracksRef;
  } else {
    o.items = { href: `${apiUrl}/playlists/${p.id}/items`, total };
    if (shape.legacyTracksAlias) o.tracks = tracksRef;
  }
  o.type = 'playlist';
  o.uri = `spotify:playlist:${p.id}`;
  return o;
}

// ---------------------------------------------------------------- the library

const LIKED_EPOCH = Date.UTC(2026, 9, 15, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Catalog indices for tracks added later (like/add), far from the generated ones. */
const NEW_TRACK_BASE = 50_000_000;

/**
 * Why Spotify refuses a move of `rangeLength` entries from `rangeStart` to before `insertBefore`
 * (which indexes the list before the move) in a list of `size`; undefined when it is fine.
 */
export function moveProblem(size: number, rangeStart: number, insertBefore: number, rangeLength: number): string | undefined {
  const whole = [rangeStart, insertBefore, rangeLength].every((n) => Number.isInteger(n));
  if (!whole || rangeStart < 0 || rangeLength < 1 || rangeStart + rangeLength > size || insertBefore < 0 || insertBefore > size) return 'Given positions are out of bounds';
  if (insertBefore > rangeStart && insertBefore < rangeStart + rangeLength) return 'insert_before must not be inside the range to move';
  return undefined;
}

export class Library {
  readonly liked: Entry[] = [];
  /** The playlists the user follows (own ones included), as /me/playlists lists them. */
  readonly playlists: PlaylistRecord[] = [];
  /** Every playlist Spotify knows, followed or not: an unfollowed one still answers /playlists/{id}. */
  private readonly byId = new Map<string, PlaylistRecord>();
  private nextIndex = NEW_TRACK_BASE;
  /** Tracks that left the library (unliked, removed): still in Spotify's catalog, so a write may name them again. */
  private readonly known: TrackRef[] = [];
  /** Tracks of Spotify's catalog that were never in the library: what search finds before anything is saved. */
  readonly catalogOnly: TrackRef[] = [];
  private uriIndex: Map<string, TrackRef> | undefined;
  private uriIndexSize = -1;

  constructor(readonly seed: number) {}

  playlist(id: string): PlaylistRecord | undefined {
    return this.byId.get(id);
  }

  addPlaylist(p: PlaylistRecord): void {
    this.playlists.push(p);
    this.byId.set(p.id, p);
  }

  /** A playlist Spotify knows that the user does not follow (search finds it; /playlists/{id} answers). */
  addUnfollowedPlaylist(p: PlaylistRecord): void {
    this.byId.set(p.id, p);
  }

  /** Catalog tracks outside the library; a write may name them (they count as known). */
  addCatalogOnly(refs: TrackRef[]): void {
    this.catalogOnly.push(...refs);
    this.known.push(...refs);
  }

  /** Followed or not; what indexes of the library's tracks walk, so unfollowing forgets no track. */
  allPlaylists(): PlaylistRecord[] {
    return [...this.byId.values()];
  }

  isFollowed(id: string): boolean {
    return this.playlists.some((p) => p.id === id);
  }

  /** Unfollowing (Spotify's "delete" of an own playlist): gone from the list, kept with its entries. */
  unfollow(id: string): void {
    const at = this.playlists.findIndex((p) => p.id === id);
    if (at >= 0) this.playlists.splice(at, 1);
  }

  /** Following again puts it at the top, as Spotify lists a newly followed playlist first; a followed one stays put. */
  follow(id: string): void {
    const p = this.byId.get(id);
    if (p && !this.isFollowed(id)) this.playlists.unshift(p);
  }

  /** Moves a range (checked with moveProblem first); entries keep their added_at; a new snapshot_id. */
  moveEntries(p: PlaylistRecord, rangeStart: number, insertBefore: number, rangeLength: number): void {
    const range = p.entries.splice(rangeStart, rangeLength);
    const at = insertBefore >= rangeStart + rangeLength ? insertBefore - rangeLength : insertBefore;
    p.entries.splice(at, 0, ...range);
    p.version++;
  }

  /** Replaces every entry (all added now, by the user); a new snapshot_id. */
  replaceEntries(p: PlaylistRecord, refs: TrackRef[], now = Date.now()): void {
    for (const entry of p.entries) this.known.push(entry.ref);
    p.entries.splice(0, p.entries.length, ...refs.map((ref) => ({ ref, addedAt: now, addedBy: FAKE_USER.id })));
    p.version++;
  }

  /** Changes details; a new snapshot_id, as Spotify gives one for a details change too. */
  updateDetails(p: PlaylistRecord, details: Partial<Pick<PlaylistRecord, 'name' | 'description' | 'public' | 'collaborative'>>): void {
    Object.assign(p, details);
    p.version++;
  }

  snapshotId(p: PlaylistRecord): string {
    const r = seededRandom(this.seed, Salt.Snapshot, stringHash(p.id), p.version);
    return Buffer.from(`${p.version},${hex(r, 32)}`).toString('base64');
  }

  /** Adds new liked tracks at the top (newest first); returns the new total. */
  like(count: number, now = Date.now()): number {
    let at = Math.max(now, (this.liked[0]?.addedAt ?? 0) + 1000) - count * 1000;
    const fresh: Entry[] = [];
    for (let i = 0; i < count; i++) fresh.unshift({ ref: this.nextIndex++, addedAt: (at += 1000) });
    this.liked.unshift(...fresh);
    return this.liked.length;
  }

  /** Removes the newest liked tracks; returns the new total. */
  unlike(count: number): number {
    this.liked.splice(0, Math.max(0, count));
    return this.liked.length;
  }

  /** Every track and episode the library holds, by URI: what a write may name (built again after changes). */
  refByUri(uri: string): TrackRef | undefined {
    const all = this.allPlaylists();
    const size = this.known.length * 1_000_003 + this.liked.length + all.reduce((sum, p) => sum + p.entries.length + p.version, 0);
    if (!this.uriIndex || this.uriIndexSize !== size) {
      const index = new Map<string, TrackRef>();
      const add = (ref: TrackRef) => {
        const key = refUri(this.seed, ref);
        if (key && !index.has(key)) index.set(key, ref);
      };
      for (const entry of this.liked) add(entry.ref);
      for (const p of all) for (const entry of p.entries) add(entry.ref);
      for (const ref of this.known) add(ref);
      this.uriIndex = index;
      this.uriIndexSize = size;
    }
    return this.uriIndex.get(uri);
  }

  uriOf(ref: TrackRef): string | null {
    return refUri(this.seed, ref);
  }

  isLiked(uri: string): boolean {
    return this.liked.some((entry) => refUri(this.seed, entry.ref) === uri);
  }

  /** Likes one track at the top; an already liked one stays where it is (as Spotify does). */
  likeRef(ref: TrackRef, now = Date.now()): void {
    const uri = refUri(this.seed, ref);
    if (uri && this.isLiked(uri)) return;
    this.known.push(ref);
    this.liked.unshift({ ref, addedAt: Math.max(now, (this.liked[0]?.addedAt ?? 0) + 1000) });
  }

  unlikeUri(uri: string): void {
    const at = this.liked.findIndex((entry) => refUri(this.seed, entry.ref) === uri);
    if (at >= 0) {
      this.known.push(this.liked[at].ref);
      this.liked.splice(at, 1);
    }
  }

  /** Inserts entries at `position` (the end when absent) and gives the playlist a new snapshot_id. */
  insertEntries(p: PlaylistRecord, refs: TrackRef[], position: number | undefined, now = Date.now(), addedBy: string = FAKE_USER.id): void {
    const at = position === undefined ? p.entries.length : Math.min(position, p.entries.length);
    p.entries.splice(at, 0, ...refs.map((ref) => ({ ref, addedAt: now, addedBy })));
    p.version++;
  }

  /** Removes every occurrence of each URI (as Spotify does with `{uri}` items); a new snapshot_id. */
  removeEntries(p: PlaylistRecord, uris: ReadonlySet<string>): void {
    for (const entry of p.entries) if (uris.has(refUri(this.seed, entry.ref) ?? '')) this.known.push(entry.ref);
    const kept = p.entries.filter((entry) => !uris.has(refUri(this.seed, entry.ref) ?? ''));
    p.entries.splice(0, p.entries.length, ...kept);
    p.version++;
  }

  /** A new playlist of the user's, at the top of their playlists (as Spotify lists a new one). */
  createPlaylist(o: { name: string; description: string; public: boolean; collaborative: boolean }, idRandom: () => number): PlaylistRecord {
    const p: PlaylistRecord = { id: base62Id(idRandom), ...o, ownerId: FAKE_USER.id, ownerName: FAKE_USER.display_name, followers: 0, entries: [], version: 1 };
    this.playlists.unshift(p);
    this.byId.set(p.id, p);
    return p;
  }

  /** Appends tracks to a playlist and gives it a new snapshot_id. */
  append(id: string, count: number, now = Date.now()): PlaylistRecord | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    let at = Math.max(now, (p.entries[p.entries.length - 1]?.addedAt ?? 0) + 1000);
    for (let i = 0; i < count; i++, at += 1000) p.entries.push({ ref: this.nextIndex++, addedAt: at, addedBy: FAKE_USER.id });
    p.version++;
    return p;
  }
}

function spreadEntries(refs: TrackRef[], createdAt: number, addedBy: (i: number) => string): Entry[] {
  const step = Math.max(60_000, Math.floor((LIKED_EPOCH - createdAt) / (refs.length + 1)));
  return refs.map((ref, i) => ({ ref, addedAt: createdAt + (i + 1) * step, addedBy: addedBy(i) }));
}

function fixture(lib: Library, name: keyof typeof FIXTURE_PLAYLISTS, o: Omit<PlaylistRecord, 'id' | 'entries' | 'version'>, refs: TrackRef[], addedBy?: (i: number) => string): void {
  const createdAt = LIKED_EPOCH - 400 * DAY;
  lib.addPlaylist({ id: FIXTURE_PLAYLISTS[name], ...o, entries: spreadEntries(refs, createdAt, addedBy ?? (() => o.ownerId)), version: 1 });
}

type CatalogRef = Extract<SpecialRef, { kind: 'catalog' }>;

function edgeCaseRefs(): TrackRef[] {
  // Plain entries are forced available and not explicit, so each oddity is the only one of its kind.
  const plain = (index: number): CatalogRef => ({ kind: 'catalog', index, explicit: false, unavailable: false });
  const refs: TrackRef[] = [];
  for (let i = 0; i < FIXTURE_SIZES.edgeCases; i++) refs.push(plain(900_000 + i));
  const L = EDGE_NAMES.local;
  refs[EDGE_CASES.local] = { kind: 'local', artist: L.artist, album: L.album, title: L.title, seconds: L.seconds };
  refs[EDGE_CASES.nullEntry] = null;
  refs[EDGE_CASES.episode] = { kind: 'episode', index: 42, name: EDGE_NAMES.episode, showName: EDGE_NAMES.show };
  refs[EDGE_CASES.unavailable] = { kind: 'catalog', index: 900_100, name: EDGE_NAMES.unavailable, explicit: false, unavailable: true };
  refs[EDGE_CASES.trackOnly] = { ...plain(900_109), name: EDGE_NAMES.trackOnly };
  refs[EDGE_CASES.markdown] = { ...plain(900_101), name: EDGE_NAMES.markdown, artistName: EDGE_NAMES.markdownArtist };
  refs[EDGE_CASES.code] = { ...plain(900_102), name: EDGE_NAMES.code };
  refs[EDGE_CASES.heading] = { ...plain(900_103), name: EDGE_NAMES.heading };
  refs[EDGE_CASES.japanese] = { ...plain(900_104), name: EDGE_NAMES.japanese };
  refs[EDGE_CASES.arabic] = { ...plain(900_105), name: EDGE_NAMES.arabic };
  refs[EDGE_CASES.emoji] = { ...plain(900_106), name: EDGE_NAMES.emoji };
  refs[EDGE_CASES.longName] = { ...plain(900_107), name: EDGE_NAMES.longName };
  refs[EDGE_CASES.explicit] = { ...plain(900_108), name: EDGE_NAMES.explicit, explicit: true };
  return refs;
}

function needsCleanupRefs(seed: number): TrackRef[] {
  const plain = (index: number): CatalogRef => ({ kind: 'catalog', index, explicit: false, unavailable: false });
  const refs: TrackRef[] = Array.from({ length: FIXTURE_SIZES.needsCleanup }, (_, i) => plain(910_000 + i));
  const duplicate: CatalogRef = { ...plain(910_100), name: NEEDS_CLEANUP_NAMES.duplicate };
  for (const at of NEEDS_CLEANUP.duplicate) refs[at] = duplicate;
  // The album release is a track on an album (not itself a single), whatever the seed.
  let onAlbum = 910_101;
  while (catalogFacts(seed, onAlbum).album.type !== 'album') onAlbum += 1_000;
  refs[NEEDS_CLEANUP.albumVersion] = { ...plain(onAlbum), name: NEEDS_CLEANUP_NAMES.recording };
  refs[NEEDS_CLEANUP.singleVersion] = { ...plain(910_102), name: NEEDS_CLEANUP_NAMES.recording, singleOf: onAlbum };
  refs[NEEDS_CLEANUP.unavailable] = { kind: 'catalog', index: 910_103, name: NEEDS_CLEANUP_NAMES.unavailable, explicit: false, unavailable: true };
  return refs;
}

/** Builds the whole library; 10,000 liked + 200 playlists take a few milliseconds. */
export function generateLibrary(size: LibrarySize): Library {
  const { seed } = size;
  const lib = new Library(seed);

  const lr = seededRandom(seed, Salt.Liked);
  let at = LIKED_EPOCH;
  for (let i = 0; i < size.liked; i++) {
    lib.liked.push({ ref: i, addedAt: at });
    at -= HOUR + Math.floor(lr() * 5 * HOUR);
  }
  for (const special of Object.values(LIKED_SPECIALS)) {
    const entry = lib.liked[special.position];
    if (!entry) continue;
    entry.ref = { kind: 'catalog', index: entry.ref as number, name: special.name, unavailable: special === LIKED_SPECIALS.unavailable ? true : undefined };
  }

  const sample = (salt: number, n: number, range: number): number[] => {
    const r = seededRandom(seed, Salt.Playlist, salt);
    return Array.from({ length: n }, () => Math.floor(r() * range));
  };
  const me = { ownerId: FAKE_USER.id, ownerName: FAKE_USER.display_name };
  fixture(lib, 'owned120', { ...me, name: 'Owned 120', description: 'Exactly 120 tracks.', collaborative: false, public: false, followers: 0 }, sample(1, 120, 3000));
  fixture(lib, 'edgeCases', { ...me, name: 'Edge Cases', description: 'Local files, nulls, episodes &amp; odd names.', collaborative: false, public: false, followers: 0 }, edgeCaseRefs());
  lib.playlist(FIXTURE_PLAYLISTS.edgeCases)!.entries[EDGE_CASES.trackOnly].trackOnly = true;
  fixture(lib, 'collaborative', { ownerId: 'collabfriend', ownerName: OTHER_USERS.collabfriend, name: 'Shared With Friends', description: 'Everyone adds a song.', collaborative: true, public: false, followers: 2 }, sample(3, FIXTURE_SIZES.collaborative, 8000), (i) => (i % 2 ? FAKE_USER.id : 'collabfriend'));
  fixture(lib, 'followed', { ownerId: 'otheruser', ownerName: OTHER_USERS.otheruser, name: 'Followed Curator Picks', description: 'Hand-picked by someone else.', collaborative: false, public: true, followers: 1234 }, sample(4, FIXTURE_SIZES.followed, 8000));
  fixture(lib, 'spotifyOwned', { ownerId: 'spotify', ownerName: OTHER_USERS.spotify, name: "Today's Top Hits", description: 'The hottest 50. Cover: <a href="spotify:artist:0du5cEVh5yTK9QJze8zA0C">Fake Star</a>', collaborative: false, public: true, followers: 34_000_000 }, sample(5, FIXTURE_SIZES.spotifyOwned, 8000), () => '');
  const bigRefs: TrackRef[] = Array.from({ length: FIXTURE_SIZES.big5000 }, (_, i) => 2_000_000 + i);
  for (const special of Object.values(BIG_SPECIALS)) bigRefs[special.position] = { kind: 'catalog', index: 2_000_000 + special.position, name: special.name };
  fixture(lib, 'big5000', { ...me, name: 'Big 5000', description: '', collaborative: false, public: true, followers: 3 }, bigRefs);
  fixture(lib, 'empty', { ...me, name: 'Empty', description: '', collaborative: false, public: false, followers: 0 }, []);
  fixture(lib, 'needsCleanup', { ...me, name: 'Needs Cleanup', description: 'A duplicate, one song on an album and a single, and one that is gone.', collaborative: false, public: false, followers: 0 }, needsCleanupRefs(seed));

  for (let k = 0; k < size.playlists; k++) {
    const r = seededRandom(seed, Salt.Generated, k);
    const id = base62Id(r);
    const owned = r() < 0.8;
    const n = Math.floor(r() * 301);
    const name = `${pick(r, GENRES)} ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}${r() < 0.3 ? ` ${k + 1}` : ''}`;
    const description = r() < 0.6 ? '' : `Songs for ${pick(r, NOUNS).toLowerCase()}s &amp; ${pick(r, NOUNS).toLowerCase()}s`;
    const ownerId = owned ? FAKE_USER.id : `curator${k}`;
    const ownerName = owned ? FAKE_USER.display_name : `Curator ${pick(r, FIRST)}`;
    const refs: TrackRef[] = [];
    const range = size.liked + 5000;
    for (let i = 0; i < n; i++) refs.push(Math.floor(r() * range));
    const createdAt = LIKED_EPOCH - Math.floor((30 + r() * 2000) * DAY);
    lib.addPlaylist({ id, name, description, ownerId, ownerName, collaborative: false, public: r() < 0.5, followers: Math.floor(r() * 50), entries: spreadEntries(refs, createdAt, () => ownerId), version: 1 });
  }
  return lib;
}
