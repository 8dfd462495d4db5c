// The rest of the fake user's library: saved albums, followed artists, saved podcasts and Your
// Episodes. Like library.ts: lists hold small records (a catalog index and a date); every album,
// track, artist, show and episode is rebuilt from (seed, index) when a page is served.
import { ADJECTIVES, base62Id, coverImages, FIRST, hex, Json, LAST, NOUNS, pick, seededRandom, trackTitle } from './library';
import { BIG_SHOW_EPISODES, MULTI_DISC_SIZES, PARTLY_PLAYED_MS, SECTION_DEFAULTS, SECTION_FIXTURES, SECTION_NAMES, SECTION_POSITIONS } from './sectionFixtures';
import { SEARCH_COUNTS, SEARCH_FIXTURES, SEARCH_INDEX, SEARCH_NAMES } from './searchFixtures';

export interface SectionCounts {
  albums: number;
  artists: number;
  shows: number;
  /** Saved episodes (Your Episodes). */
  episodes: number;
}

export interface SectionRenderContext {
  apiUrl: string;
  /** Set when the request carried `market`: tracks and episodes get is_playable (and restrictions). */
  market?: string;
  /** The token has user-read-playback-position: episodes carry resume_point. */
  resumePoints?: boolean;
}

export interface SavedRef {
  index: number;
  addedAt: number;
}

export interface SavedEpisodeRef {
  show: number;
  serial: number;
  addedAt: number;
}

export interface ResumePoint {
  fully_played: boolean;
  resume_position_ms: number;
}

const enum Salt {
  Album = 101,
  AlbumTrack,
  Artist,
  Show,
  Episode,
  SavedAlbums,
  SavedShows,
  SavedEpisodes,
  AlbumArtist,
}

const EPOCH = Date.UTC(2026, 9, 15, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Album artists are drawn from this many artists; the followed ones are the first N of the same space. */
const ARTIST_POOL = 2000;
/** Catalog albums beyond the saved ones: discographies, and what later saves take. */
const UNSAVED_ALBUMS = 4000;
const UNSAVED_SHOWS = 20;

const ARTIST = { refusing: 0, empty: 1, markdown: 2 } as const;
const SPECIAL_ARTISTS = 3;
const ALBUM = { multiDisc: SECTION_POSITIONS.multiDiscAlbum, markdown: SECTION_POSITIONS.markdownAlbum, refused: SECTION_POSITIONS.refusedArtistAlbum } as const;
const SHOW = { big: SECTION_POSITIONS.bigShow, markdown: SECTION_POSITIONS.markdownShow } as const;
const MARKDOWN_SHOW_EPISODES = 12;

/** Episodes with a fixed id, keyed `${show}:${serial}` (serial 0 is a show's oldest episode). */
const EPISODE_SPECIALS: Record<string, { id: string; name?: string; resume: ResumePoint | null }> = {
  [`${SHOW.big}:${BIG_SHOW_EPISODES - 2}`]: { id: SECTION_FIXTURES.episodeWithoutResumePoint, resume: null },
  [`${SHOW.big}:${BIG_SHOW_EPISODES - 3}`]: { id: SECTION_FIXTURES.partlyPlayedEpisode, resume: { fully_played: false, resume_position_ms: PARTLY_PLAYED_MS } },
  [`${SHOW.big}:${BIG_SHOW_EPISODES - 4}`]: { id: SECTION_FIXTURES.fullyPlayedEpisode, resume: { fully_played: true, resume_position_ms: 0 } },
  [`${SHOW.markdown}:${MARKDOWN_SHOW_EPISODES - 1}`]: { id: SECTION_FIXTURES.markdownEpisode, name: SECTION_NAMES.markdownEpisode, resume: { fully_played: false, resume_position_ms: 0 } },
};
/** Positions in Your Episodes of the specials above. */
const SAVED_EPISODE_SPECIALS: Array<{ position: number; show: number; serial: number }> = [
  { position: SECTION_POSITIONS.episodeWithoutResumePoint, show: SHOW.big, serial: BIG_SHOW_EPISODES - 2 },
  { position: SECTION_POSITIONS.markdownEpisode, show: SHOW.markdown, serial: MARKDOWN_SHOW_EPISODES - 1 },
  { position: SECTION_POSITIONS.partlyPlayedEpisode, show: SHOW.big, serial: BIG_SHOW_EPISODES - 3 },
  { position: SECTION_POSITIONS.fullyPlayedEpisode, show: SHOW.big, serial: BIG_SHOW_EPISODES - 4 },
];

const GENRES = ['indie pop', 'dream pop', 'synthwave', 'folk', 'jazz fusion', 'lo-fi', 'post-rock', 'house', 'soul', 'chamber pop'];
const LABELS = ['Paper Moon Records', 'Northside Music', 'Velvet Sound', 'Harbor Lights Recordings'];
const TOPICS = ['History', 'Science', 'Design', 'Cooking', 'Startups', 'Music', 'Football', 'Philosophy', 'Gardening', 'Code'];

function dateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- catalog facts

export interface ArtistFacts {
  index: number;
  id: string;
  name: string;
  imageKey: string;
  genres: string[];
}

export function artistFacts(seed: number, index: number): ArtistFacts {
  const r = seededRandom(seed, Salt.Artist, index);
  base62Id(r); // the id's draws come first (artistId)
  const id = artistId(seed, index);
  const n = Math.floor(r() * 3);
  let name = n === 0 ? `${pick(r, FIRST)} ${pick(r, LAST)}` : n === 1 ? `The ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}s` : `${pick(r, NOUNS)} ${pick(r, NOUNS)}`;
  const imageKey = hex(r, 24);
  const genres = r() < 0.3 ? [] : [pick(r, GENRES), pick(r, GENRES)].filter((g, i, all) => all.indexOf(g) === i);
  if (index === ARTIST.refusing) name = SECTION_NAMES.refusingArtist;
  if (index === ARTIST.empty) name = SECTION_NAMES.emptyArtist;
  if (index === ARTIST.markdown) name = SECTION_NAMES.markdownArtist;
  if (index === SEARCH_INDEX.artist) name = SEARCH_NAMES.artist;
  return { index, id, name, imageKey, genres };
}

export interface AlbumFacts {
  index: number;
  id: string;
  name: string;
  type: 'album' | 'single' | 'compilation';
  artist: number;
  /** Tracks per disc. */
  discs: number[];
  total: number;
  releaseDate: string;
  precision: 'day' | 'year';
  /** Sort key for discographies, newest first. */
  releasedAt: number;
  imageKey: string;
  upc: string;
  copyright: string;
}

/** An album's artist from its own stream: discographies are found without building whole albums. */
function albumArtist(seed: number, index: number): number {
  if (index === ALBUM.markdown) return ARTIST.markdown;
  if (index === ALBUM.refused) return ARTIST.refusing;
  if (index === SEARCH_INDEX.album) return SEARCH_INDEX.artist;
  return SPECIAL_ARTISTS + Math.floor(seededRandom(seed, Salt.AlbumArtist, index)() * (ARTIST_POOL - SPECIAL_ARTISTS));
}

function albumId(seed: number, index: number): string {
  if (index === ALBUM.multiDisc) return SECTION_FIXTURES.multiDiscAlbum;
  if (index === ALBUM.markdown) return SECTION_FIXTURES.markdownAlbum;
  if (index === ALBUM.refused) return SECTION_FIXTURES.refusedArtistAlbum;
  if (index === SEARCH_INDEX.album) return SEARCH_FIXTURES.album;
  return base62Id(seededRandom(seed, Salt.Album, index));
}

function artistId(seed: number, index: number): string {
  if (index === ARTIST.refusing) return SECTION_FIXTURES.refusingArtist;
  if (index === ARTIST.empty) return SECTION_FIXTURES.emptyArtist;
  if (index === ARTIST.markdown) return SECTION_FIXTURES.markdownArtist;
  if (index === SEARCH_INDEX.artist) return SEARCH_FIXTURES.artist;
  return base62Id(seededRandom(seed, Salt.Artist, index));
}

export function albumFacts(seed: number, index: number): AlbumFacts {
  const r = seededRandom(seed, Salt.Album, index);
  base62Id(r); // the id's draws come first (albumId)
  const id = albumId(seed, index);
  const kind = r();
  let type: AlbumFacts['type'] = kind < 0.65 ? 'album' : kind < 0.9 ? 'single' : 'compilation';
  const deluxe = type === 'album' && r() < 0.2;
  let name = type === 'compilation' ? `Greatest Hits Vol. ${1 + Math.floor(r() * 4)}` : `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}${deluxe ? ' (Deluxe Edition)' : ''}`;
  const artist = albumArtist(seed, index);
  let discs =
    type === 'single' ? [1 + Math.floor(r() * 3)]
    : type === 'compilation' ? [20 + Math.floor(r() * 51)]
    : deluxe ? [8 + Math.floor(r() * 10), 4 + Math.floor(r() * 5)]
    : [8 + Math.floor(r() * 10)];
  const year = 1962 + Math.floor(r() * 65);
  const releasedAt = Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28));
  const yearOnly = r() < 0.1;
  const imageKey = hex(r, 24);
  const upc = String(Math.floor(r() * 1e12)).padStart(12, '0');
  const label = pick(r, LABELS);
  if (index === ALBUM.multiDisc) [name, type, discs] = ['The Complete Sessions (3 Discs)', 'album', [...MULTI_DISC_SIZES]];
  if (index === ALBUM.markdown) name = SECTION_NAMES.markdownAlbum;
  if (index === SEARCH_INDEX.album) [name, type, discs] = [SEARCH_NAMES.album, 'album', [SEARCH_COUNTS.albumTracks]];
  return {
    index,
    id,
    name,
    type,
    artist,
    discs,
    total: discs.reduce((a, b) => a + b, 0),
    releaseDate: yearOnly ? String(year) : dateOnly(releasedAt),
    precision: yearOnly ? 'year' : 'day',
    releasedAt,
    imageKey,
    upc,
    copyright: `${year} ${label}`,
  };
}

interface AlbumTrackFacts {
  id: string;
  name: string;
  durationMs: number;
  explicit: boolean;
  unavailable: boolean;
  artists: number[];
  disc: number;
  number: number;
}

function albumTrackFacts(seed: number, album: AlbumFacts, n: number): AlbumTrackFacts {
  const r = seededRandom(seed, Salt.AlbumTrack, album.index, n);
  const id = base62Id(r);
  const name = trackTitle(r);
  const durationMs = 95_000 + Math.floor(r() * 300_000);
  const explicit = r() < 0.12;
  const unavailable = r() < 0.03;
  const other = SPECIAL_ARTISTS + Math.floor(r() * (ARTIST_POOL - SPECIAL_ARTISTS));
  const artists = album.type === 'compilation' ? [other] : r() < 0.1 ? [album.artist, other] : [album.artist];
  let disc = 1;
  let number = n + 1;
  for (const size of album.discs) {
    if (number <= size) break;
    number -= size;
    disc++;
  }
  return { id, name, durationMs, explicit, unavailable, artists, disc, number };
}

export interface ShowFacts {
  index: number;
  id: string;
  name: string;
  description: string;
  imageKey: string;
  explicit: boolean;
  /** Episodes the show had when the library was generated. */
  initialEpisodes: number;
  cadenceMs: number;
  /** Release time of episode initialEpisodes - 1. */
  latestAt: number;
}

export function showFacts(seed: number, index: number): ShowFacts {
  const r = seededRandom(seed, Salt.Show, index);
  let id = base62Id(r);
  const topic = pick(r, TOPICS);
  let name = `${pick(r, ADJECTIVES)} ${topic} ${r() < 0.5 ? 'Radio' : 'Podcast'}`;
  const description = `A show about ${topic.toLowerCase()}, the ${pick(r, NOUNS).toLowerCase()} & everything between.`;
  const imageKey = hex(r, 24);
  const explicit = r() < 0.15;
  let initialEpisodes = 1 + Math.floor(r() * r() * (BIG_SHOW_EPISODES - 1));
  const cadenceMs = pick(r, [DAY, 7 * DAY, 7 * DAY, 14 * DAY]);
  const latestAt = EPOCH - Math.floor(r() * 20 * DAY);
  if (index === SHOW.big) [id, name, initialEpisodes] = [SECTION_FIXTURES.bigShow, SECTION_NAMES.bigShow, BIG_SHOW_EPISODES];
  if (index === SHOW.markdown) [id, name, initialEpisodes] = [SECTION_FIXTURES.markdownShow, SECTION_NAMES.markdownShow, MARKDOWN_SHOW_EPISODES];
  if (index === SEARCH_INDEX.show) [id, name, initialEpisodes] = [SEARCH_FIXTURES.show, SEARCH_NAMES.show, SEARCH_COUNTS.showEpisodes];
  return { index, id, name, description, imageKey, explicit, initialEpisodes, cadenceMs, latestAt };
}

interface EpisodeFacts {
  id: string;
  name: string;
  description: string;
  durationMs: number;
  releasedAt: number;
  imageKey: string;
  resume: ResumePoint | null;
}

function episodeFacts(seed: number, show: ShowFacts, serial: number): EpisodeFacts {
  const r = seededRandom(seed, Salt.Episode, show.index, serial);
  const special = EPISODE_SPECIALS[`${show.index}:${serial}`];
  const id = special?.id ?? base62Id(r);
  // Draws as before for every other show: a special's name takes no title draw.
  const name = special?.name ?? (show.index === SEARCH_INDEX.show ? `${SEARCH_NAMES.show} #${serial + 1}: ${trackTitle(r)}` : `${serial + 1}. ${trackTitle(r)}`);
  const description = `We talk about ${pick(r, NOUNS).toLowerCase()}s and ${pick(r, NOUNS).toLowerCase()}s.`;
  const durationMs = 600_000 + Math.floor(r() * 4_800_000);
  const played = r();
  const resume: ResumePoint | null =
    special ? special.resume
    : played < 0.6 ? { fully_played: false, resume_position_ms: 0 }
    : played < 0.85 ? { fully_played: false, resume_position_ms: Math.floor(r() * durationMs) }
    : { fully_played: true, resume_position_ms: 0 };
  const releasedAt = show.latestAt - (show.initialEpisodes - 1 - serial) * show.cadenceMs;
  return { id, name, description, durationMs, releasedAt, imageKey: hex(r, 24), resume };
}

// ---------------------------------------------------------------- Spotify-shaped JSON

export function renderSectionArtist(a: ArtistFacts, ctx: SectionRenderContext, full: boolean): Json {
  const o: Json = { external_urls: { spotify: `https://open.spotify.com/artist/${a.id}` } };
  // Dev mode removed `followers` and `popularity`.
  if (full) o.genres = a.genres;
  o.href = `${ctx.apiUrl}/artists/${a.id}`;
  o.id = a.id;
  if (full) o.images = coverImages('ab6761610000e5eb', 'ab67616100005174', 'ab6761610000f178', a.imageKey, 160);
  Object.assign(o, { name: a.name, type: 'artist', uri: `spotify:artist:${a.id}` });
  return o;
}

/** The simplified album (artist albums); dev mode removed `album_group` and `available_markets`. */
export function renderSimplifiedAlbum(seed: number, album: AlbumFacts, ctx: SectionRenderContext): Json {
  return {
    album_type: album.type,
    artists: [renderSectionArtist(artistFacts(seed, album.artist), ctx, false)],
    external_urls: { spotify: `https://open.spotify.com/album/${album.id}` },
    href: `${ctx.apiUrl}/albums/${album.id}`,
    id: album.id,
    images: coverImages('ab67616d0000b273', 'ab67616d00001e02', 'ab67616d00004851', album.imageKey),
    name: album.name,
    release_date: album.releaseDate,
    release_date_precision: album.precision,
    total_tracks: album.total,
    type: 'album',
    uri: `spotify:album:${album.id}`,
  };
}

/** The full album with its first page of tracks; dev mode removed `label` and `popularity`. */
export function renderFullAlbum(seed: number, album: AlbumFacts, tracksPage: Json, ctx: SectionRenderContext): Json {
  const s = renderSimplifiedAlbum(seed, album, ctx);
  return {
    album_type: s.album_type,
    artists: s.artists,
    copyrights: [
      { text: `© ${album.copyright}`, type: 'C' },
      { text: `℗ ${album.copyright}`, type: 'P' },
    ],
    external_ids: { upc: album.upc },
    external_urls: s.external_urls,
    genres: [],
    href: s.href,
    id: s.id,
    images: s.images,
    name: s.name,
    release_date: s.release_date,
    release_date_precision: s.release_date_precision,
    total_tracks: s.total_tracks,
    tracks: tracksPage,
    type: 'album',
    uri: s.uri,
  };
}

/** Simplified tracks (no `album`) at [offset, offset + limit) of the album. */
export function renderAlbumTracks(seed: number, album: AlbumFacts, offset: number, limit: number, ctx: SectionRenderContext): Json[] {
  const items: Json[] = [];
  for (let n = offset; n < Math.min(album.total, offset + limit); n++) {
    const f = albumTrackFacts(seed, album, n);
    const t: Json = {
      artists: f.artists.map((a) => renderSectionArtist(artistFacts(seed, a), ctx, false)),
      disc_number: f.disc,
      duration_ms: f.durationMs,
      explicit: f.explicit,
      external_urls: { spotify: `https://open.spotify.com/track/${f.id}` },
      href: `${ctx.apiUrl}/tracks/${f.id}`,
      id: f.id,
      is_local: false,
    };
    if (ctx.market) {
      t.is_playable = !f.unavailable;
      if (f.unavailable) t.restrictions = { reason: 'market' };
    }
    Object.assign(t, { name: f.name, preview_url: null, track_number: f.number, type: 'track', uri: `spotify:track:${f.id}` });
    items.push(t);
  }
  return items;
}

/** A track of a saved album by id, as a full track object (with its album) renders it; undefined when no saved album has it. */
export function savedAlbumTrack(sections: Sections, id: string): { uri: string; render: (ctx: SectionRenderContext) => Json } | undefined {
  const seed = sections.seed;
  // The search-only album's tracks are in the catalog too: search finds them before it is saved.
  for (const index of [...sections.savedAlbums.map((saved) => saved.index), SEARCH_INDEX.album]) {
    const album = albumFacts(seed, index);
    for (let n = 0; n < album.total; n++) {
      if (albumTrackFacts(seed, album, n).id !== id) continue;
      return { uri: `spotify:track:${id}`, render: (ctx) => ({ ...renderAlbumTracks(seed, album, n, 1, ctx)[0], album: renderSimplifiedAlbum(seed, album, ctx) }) };
    }
  }
  return undefined;
}

/** The simplified show; dev mode removed `publisher` (and `available_markets`). */
export function renderShow(show: ShowFacts, totalEpisodes: number, ctx: SectionRenderContext): Json {
  return {
    copyrights: [],
    description: show.description,
    explicit: show.explicit,
    external_urls: { spotify: `https://open.spotify.com/show/${show.id}` },
    href: `${ctx.apiUrl}/shows/${show.id}`,
    html_description: `<p>${show.description.replace(/&/g, '&amp;')}</p>`,
    id: show.id,
    images: coverImages('ab6765630000ba8a', 'ab67656300005f1f', 'ab6765630000f68d', show.imageKey),
    is_externally_hosted: false,
    languages: ['en'],
    media_type: 'audio',
    name: show.name,
    total_episodes: totalEpisodes,
    type: 'show',
    uri: `spotify:show:${show.id}`,
  };
}

/** An episode; `withShow` for the full object (Your Episodes). resume_point only with the scope. */
export function renderSectionEpisode(seed: number, show: ShowFacts, serial: number, ctx: SectionRenderContext, withShow?: Json): Json {
  const f = episodeFacts(seed, show, serial);
  const e: Json = {
    audio_preview_url: null,
    description: f.description,
    duration_ms: f.durationMs,
    explicit: show.explicit,
    external_urls: { spotify: `https://open.spotify.com/episode/${f.id}` },
    href: `${ctx.apiUrl}/episodes/${f.id}`,
    html_description: `<p>${f.description}</p>`,
    id: f.id,
    images: coverImages('ab6765630000ba8a', 'ab67656300005f1f', 'ab6765630000f68d', f.imageKey),
    is_externally_hosted: false,
  };
  if (ctx.market) e.is_playable = true;
  Object.assign(e, { language: 'en', languages: ['en'], name: f.name, release_date: dateOnly(f.releasedAt), release_date_precision: 'day' });
  if (ctx.resumePoints && f.resume) e.resume_point = { ...f.resume };
  if (withShow) e.show = withShow;
  e.type = 'episode';
  e.uri = `spotify:episode:${f.id}`;
  return e;
}

// ---------------------------------------------------------------- the sections

const GROUP_ORDER = { album: 0, single: 1, compilation: 2 } as const;

export class Sections {
  /** Newest saved first. */
  readonly savedAlbums: SavedRef[] = [];
  readonly savedShows: SavedRef[] = [];
  readonly savedEpisodes: SavedEpisodeRef[] = [];
  /** Artist indices in the order they were followed (last = newest). */
  private readonly followOrder: number[] = [];
  private nextAlbum = 0;
  private nextArtist = 0;
  private nextShow = 0;
  private albumCatalog = 0;
  private showCatalog = 0;
  private readonly published = new Map<number, number>();
  private savedEpisodeKeys = new Set<string>();
  private episodeDraws = 0;

  private followedCache: Array<{ index: number; id: string }> | undefined;
  private albumIds: Map<string, number> | undefined;
  private discographies: Map<number, number[]> | undefined;
  private artistIds: Map<string, number> | undefined;
  private showIds: Map<string, number> | undefined;

  constructor(readonly seed: number) {}

  // -------------------------------------------------------------- lookups

  album(id: string): AlbumFacts | undefined {
    if (!this.albumIds) {
      this.albumIds = new Map();
      for (const i of this.albumIndices()) this.albumIds.set(albumId(this.seed, i), i);
    }
    const index = this.albumIds.get(id);
    return index === undefined ? undefined : albumFacts(this.seed, index);
  }

  artist(id: string): ArtistFacts | undefined {
    if (!this.artistIds) {
      this.artistIds = new Map();
      for (const i of this.artistIndices()) this.artistIds.set(artistId(this.seed, i), i);
    }
    const index = this.artistIds.get(id);
    return index === undefined ? undefined : artistFacts(this.seed, index);
  }

  /** The artist's albums: albums, then singles, then compilations, each newest first. */
  discography(artistIndex: number): AlbumFacts[] {
    if (!this.discographies) {
      this.discographies = new Map();
      for (const i of this.albumIndices()) {
        const artist = albumArtist(this.seed, i);
        const list = this.discographies.get(artist) ?? [];
        list.push(i);
        this.discographies.set(artist, list);
      }
    }
    const albums = (this.discographies.get(artistIndex) ?? []).map((i) => albumFacts(this.seed, i));
    return albums.sort((x, y) => GROUP_ORDER[x.type] - GROUP_ORDER[y.type] || y.releasedAt - x.releasedAt || x.index - y.index);
  }

  show(id: string): ShowFacts | undefined {
    if (!this.showIds) {
      this.showIds = new Map();
      for (const i of this.showIndices()) this.showIds.set(showFacts(this.seed, i).id, i);
    }
    const index = this.showIds.get(id);
    return index === undefined ? undefined : showFacts(this.seed, index);
  }

  /** Every album of the catalog (saved or not, the search-only one too): what search walks. */
  albumIndices(): number[] {
    return [...Array.from({ length: this.albumCatalog }, (_, i) => i), SEARCH_INDEX.album];
  }

  artistIndices(): number[] {
    return [...Array.from({ length: Math.max(ARTIST_POOL, this.nextArtist) }, (_, i) => i), SEARCH_INDEX.artist];
  }

  showIndices(): number[] {
    return [...Array.from({ length: this.showCatalog }, (_, i) => i), SEARCH_INDEX.show];
  }

  albumAt(index: number): AlbumFacts {
    return albumFacts(this.seed, index);
  }

  artistAt(index: number): ArtistFacts {
    return artistFacts(this.seed, index);
  }

  showAt(index: number): ShowFacts {
    return showFacts(this.seed, index);
  }

  episodeCount(show: ShowFacts): number {
    return show.initialEpisodes + (this.published.get(show.index) ?? 0);
  }

  /** Followed artists ordered by id: `after=<id>` continues with the next larger id, so a follow
   *  or unfollow between pages never repeats or skips an artist already past. */
  followed(): ReadonlyArray<{ index: number; id: string }> {
    this.followedCache ??= this.followOrder.map((index) => ({ index, id: artistId(this.seed, index) })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.followedCache;
  }

  // -------------------------------------------------------------- changes (newest at the top)

  saveAlbums(count: number, now = Date.now()): number {
    const top = this.savedAlbums[0]?.addedAt ?? 0;
    let at = Math.max(now, top + 1000) - count * 1000;
    const fresh: SavedRef[] = [];
    for (let i = 0; i < count; i++) fresh.unshift({ index: this.takeAlbum(), addedAt: (at += 1000) });
    this.savedAlbums.unshift(...fresh);
    return this.savedAlbums.length;
  }

  removeAlbums(count: number): number {
    this.savedAlbums.splice(0, Math.max(0, count));
    return this.savedAlbums.length;
  }

  follow(count: number): number {
    for (let i = 0; i < count; i++) this.followOrder.push(this.nextArtist++);
    if (this.nextArtist > ARTIST_POOL) this.artistIds = undefined;
    this.followedCache = undefined;
    return this.followOrder.length;
  }

  unfollow(count: number): number {
    this.followOrder.splice(Math.max(0, this.followOrder.length - Math.max(0, count)));
    this.followedCache = undefined;
    return this.followOrder.length;
  }

  saveShows(count: number, now = Date.now()): number {
    let at = Math.max(now, (this.savedShows[0]?.addedAt ?? 0) + 1000) - count * 1000;
    const fresh: SavedRef[] = [];
    for (let i = 0; i < count; i++) fresh.unshift({ index: this.takeShow(), addedAt: (at += 1000) });
    this.savedShows.unshift(...fresh);
    return this.savedShows.length;
  }

  removeShows(count: number): number {
    this.savedShows.splice(0, Math.max(0, count));
    return this.savedShows.length;
  }

  /** Saves episodes not saved yet (the newest unsaved one of a random saved show). */
  saveEpisodes(count: number, now = Date.now()): number {
    let at = Math.max(now, (this.savedEpisodes[0]?.addedAt ?? 0) + 1000) - count * 1000;
    const fresh: SavedEpisodeRef[] = [];
    for (let i = 0; i < count; i++) {
      const pickFrom = this.savedShows.length ? this.savedShows.map((s) => s.index) : [this.takeShow()];
      const r = seededRandom(this.seed, Salt.SavedEpisodes, 1_000_000 + this.episodeDraws++);
      const show = showFacts(this.seed, pick(r, pickFrom));
      let serial = this.episodeCount(show) - 1;
      while (serial >= 0 && this.savedEpisodeKeys.has(`${show.index}:${serial}`)) serial--;
      if (serial < 0) serial = this.publish(show, 1) - 1;
      this.savedEpisodeKeys.add(`${show.index}:${serial}`);
      fresh.unshift({ show: show.index, serial, addedAt: (at += 1000) });
    }
    this.savedEpisodes.unshift(...fresh);
    return this.savedEpisodes.length;
  }

  removeEpisodes(count: number): number {
    for (const e of this.savedEpisodes.splice(0, Math.max(0, count))) this.savedEpisodeKeys.delete(`${e.show}:${e.serial}`);
    return this.savedEpisodes.length;
  }

  // -------------------------------------------------------------- writes by id (PUT/DELETE /me/library)

  /** Saves one album at the top; false when it already was saved (Spotify keeps it where it is). */
  saveAlbum(index: number, now = Date.now()): boolean {
    if (this.savedAlbums.some((saved) => saved.index === index)) return false;
    this.savedAlbums.unshift({ index, addedAt: Math.max(now, (this.savedAlbums[0]?.addedAt ?? 0) + 1000) });
    return true;
  }

  removeAlbum(index: number): void {
    const at = this.savedAlbums.findIndex((saved) => saved.index === index);
    if (at >= 0) this.savedAlbums.splice(at, 1);
  }

  isAlbumSaved(index: number): boolean {
    return this.savedAlbums.some((saved) => saved.index === index);
  }

  followArtist(index: number): void {
    if (this.followOrder.includes(index)) return;
    this.followOrder.push(index);
    this.followedCache = undefined;
  }

  unfollowArtist(index: number): void {
    const at = this.followOrder.indexOf(index);
    if (at < 0) return;
    this.followOrder.splice(at, 1);
    this.followedCache = undefined;
  }

  isFollowed(index: number): boolean {
    return this.followOrder.includes(index);
  }

  saveShow(index: number, now = Date.now()): void {
    if (this.savedShows.some((saved) => saved.index === index)) return;
    this.savedShows.unshift({ index, addedAt: Math.max(now, (this.savedShows[0]?.addedAt ?? 0) + 1000) });
  }

  removeShow(index: number): void {
    const at = this.savedShows.findIndex((saved) => saved.index === index);
    if (at >= 0) this.savedShows.splice(at, 1);
  }

  isShowSaved(index: number): boolean {
    return this.savedShows.some((saved) => saved.index === index);
  }

  /** An episode of any show of the catalog by id (built on first use). */
  episodeById(id: string): { show: number; serial: number } | undefined {
    for (const saved of this.savedEpisodes) if (episodeFacts(this.seed, showFacts(this.seed, saved.show), saved.serial).id === id) return { show: saved.show, serial: saved.serial };
    for (const show of this.showIndices()) {
      const facts = showFacts(this.seed, show);
      for (let serial = this.episodeCount(facts) - 1; serial >= 0; serial--) if (episodeFacts(this.seed, facts, serial).id === id) return { show, serial };
    }
    return undefined;
  }

  saveEpisode(show: number, serial: number, now = Date.now()): void {
    const key = `${show}:${serial}`;
    if (this.savedEpisodeKeys.has(key)) return;
    this.savedEpisodeKeys.add(key);
    this.savedEpisodes.unshift({ show, serial, addedAt: Math.max(now, (this.savedEpisodes[0]?.addedAt ?? 0) + 1000) });
  }

  removeEpisode(show: number, serial: number): void {
    const at = this.savedEpisodes.findIndex((saved) => saved.show === show && saved.serial === serial);
    if (at < 0) return;
    this.savedEpisodes.splice(at, 1);
    this.savedEpisodeKeys.delete(`${show}:${serial}`);
  }

  isEpisodeSaved(show: number, serial: number): boolean {
    return this.savedEpisodeKeys.has(`${show}:${serial}`);
  }

  /** New episodes at the top of a show; returns its episode count. */
  publish(show: ShowFacts, count: number): number {
    this.published.set(show.index, (this.published.get(show.index) ?? 0) + Math.max(0, count));
    return this.episodeCount(show);
  }

  counts(): SectionCounts {
    return { albums: this.savedAlbums.length, artists: this.followOrder.length, shows: this.savedShows.length, episodes: this.savedEpisodes.length };
  }

  // -------------------------------------------------------------- generation

  /** Called once by generateSections. */
  generate(counts: SectionCounts): void {
    const { seed } = this;
    this.albumCatalog = counts.albums + UNSAVED_ALBUMS;
    let r = seededRandom(seed, Salt.SavedAlbums);
    let at = EPOCH;
    for (let i = 0; i < counts.albums; i++) {
      this.savedAlbums.push({ index: i, addedAt: at });
      at -= HOUR + Math.floor(r() * 72 * HOUR);
    }
    this.nextAlbum = counts.albums;

    this.follow(counts.artists);

    this.showCatalog = counts.shows + UNSAVED_SHOWS;
    r = seededRandom(seed, Salt.SavedShows);
    at = EPOCH;
    for (let i = 0; i < counts.shows; i++) {
      this.savedShows.push({ index: i, addedAt: at });
      at -= DAY + Math.floor(r() * 30 * DAY);
    }
    this.nextShow = counts.shows;

    r = seededRandom(seed, Salt.SavedEpisodes);
    at = EPOCH;
    const specials = new Map(SAVED_EPISODE_SPECIALS.map((s) => [s.position, s]));
    for (let i = 0, tries = 0; i < counts.episodes && tries < counts.episodes * 20; tries++) {
      const special = specials.get(i);
      const show = special ? special.show : Math.floor(r() * Math.min(this.showCatalog, counts.shows + 5));
      const serial = special ? special.serial : Math.floor(r() * showFacts(seed, show).initialEpisodes);
      const key = `${show}:${serial}`;
      if (this.savedEpisodeKeys.has(key) || serial >= showFacts(seed, show).initialEpisodes) continue;
      this.savedEpisodeKeys.add(key);
      this.savedEpisodes.push({ show, serial, addedAt: at });
      at -= HOUR + Math.floor(r() * 48 * HOUR);
      i++;
    }
  }

  private takeAlbum(): number {
    const index = this.nextAlbum++;
    if (index >= this.albumCatalog) {
      this.albumCatalog = index + 1;
      this.albumIds = undefined;
      this.discographies = undefined;
    }
    return index;
  }

  private takeShow(): number {
    const index = this.nextShow++;
    if (index >= this.showCatalog) {
      this.showCatalog = index + 1;
      this.showIds = undefined;
    }
    return index;
  }
}

export function generateSections(seed: number, counts: Partial<SectionCounts> = {}): Sections {
  const sections = new Sections(seed);
  sections.generate({
    albums: counts.albums ?? SECTION_DEFAULTS.albums,
    artists: counts.artists ?? SECTION_DEFAULTS.artists,
    shows: counts.shows ?? SECTION_DEFAULTS.shows,
    episodes: counts.episodes ?? SECTION_DEFAULTS.episodes,
  });
  return sections;
}
