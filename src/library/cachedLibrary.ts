import type { PagedListSnapshot } from './pagedList';
import type { AlbumRecord, ArtistRecord, PlaylistRecord, ShowRecord, TrackKind, TrackRecord } from './records';

/** What is persisted per account: records only, never a token. */
export interface CachedLibrary {
  version: 1;
  savedAt: number;
  liked?: PagedListSnapshot<TrackRecord>;
  playlists?: PagedListSnapshot<PlaylistRecord>;
  playlistItems?: Record<string, { snapshotId?: string } & PagedListSnapshot<TrackRecord>>;
  /** The other sections (albums, artists, podcasts, episodes), by section id. */
  sections?: Record<string, PagedListSnapshot<unknown>>;
  /** Lists under rows (an artist's albums, a show's episodes), by the model's list key. */
  children?: Record<string, PagedListSnapshot<unknown>>;
  /** Written since records keep their covers: a cache without it has albums and podcasts with none. */
  covers?: true;
}

/**
 * Lists whose records carry covers and whose cheap revalidation (newest first) would never add them
 * to entries cached before covers were kept: such a cache's copies are dropped and load when opened.
 * Playlists re-read their loaded pages on revalidation, so they get their covers by themselves.
 */
const LISTS_WITH_COVERS = { sections: ['albums', 'shows'], childPrefixes: ['artistAlbums:'] };

export const CACHE_VERSION = 1;

/**
 * The cache file's content when it is one this version wrote, checked deeply enough that restoring
 * it cannot throw later; undefined for anything else (truncated, foreign, older or newer).
 */
export function readCachedLibrary(
  raw: unknown,
  isSectionItem: (section: string) => ((item: unknown) => boolean) | undefined = () => undefined,
  isChildItem: (key: string) => ((item: unknown) => boolean) | undefined = () => undefined,
): CachedLibrary | undefined {
  if (!isObject(raw) || raw.version !== CACHE_VERSION || !isNumber(raw.savedAt)) return undefined;
  if (raw.liked !== undefined && !isSnapshot(raw.liked, isTrackRecord)) return undefined;
  if (raw.playlists !== undefined && !isSnapshot(raw.playlists, isPlaylistRecord)) return undefined;
  if (raw.playlistItems !== undefined) {
    if (!isObject(raw.playlistItems)) return undefined;
    for (const entries of Object.values(raw.playlistItems)) {
      if (!isSnapshot(entries, isTrackRecord) || !optional(entries.snapshotId, isString)) return undefined;
    }
  }
  // A section or list this version cannot read is dropped alone: it loads again when opened.
  const withoutCovers = raw.covers !== true;
  const readable = (
    lists: unknown,
    isItemOf: (key: string) => ((item: unknown) => boolean) | undefined,
    lacksCovers: (key: string) => boolean,
  ): Record<string, PagedListSnapshot<unknown>> | undefined => {
    if (lists === undefined || !isObject(lists)) return undefined;
    const kept: Record<string, PagedListSnapshot<unknown>> = {};
    for (const [key, snapshot] of Object.entries(lists)) {
      if (withoutCovers && lacksCovers(key)) continue;
      const isItem = isItemOf(key);
      if (isItem && isSnapshot(snapshot, isItem)) kept[key] = snapshot as unknown as PagedListSnapshot<unknown>;
    }
    return kept;
  };
  if ((raw.sections !== undefined && !isObject(raw.sections)) || (raw.children !== undefined && !isObject(raw.children))) return undefined;
  return {
    ...(raw as unknown as CachedLibrary),
    sections: readable(raw.sections, isSectionItem, (section) => LISTS_WITH_COVERS.sections.includes(section)),
    children: readable(raw.children, isChildItem, (key) => LISTS_WITH_COVERS.childPrefixes.some((prefix) => key.startsWith(prefix))),
  };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isString(value: unknown): value is string {
  return typeof value === 'string';
}
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
function isCount(value: unknown): value is number {
  return isNumber(value) && Number.isInteger(value) && value >= 0;
}
function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}
function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isSnapshot(value: unknown, isItem: (item: unknown) => boolean): value is Json {
  return (
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every(isItem) &&
    optional(value.total, isCount) &&
    optional(value.syncedAt, isNumber) &&
    optional(value.nextOffset, isCount)
  );
}

const TRACK_KINDS: readonly TrackKind[] = ['track', 'episode', 'local', 'removed'];

export function isTrackRecord(value: unknown): value is TrackRecord {
  return (
    isObject(value) &&
    TRACK_KINDS.includes(value.kind as TrackKind) &&
    isString(value.name) &&
    isString(value.byline) &&
    optional(value.id, isString) &&
    optional(value.album, isString) &&
    optional(value.durationMs, isNumber) &&
    optional(value.explicit, isBoolean) &&
    optional(value.addedAt, isString) &&
    optional(value.playable, isBoolean) &&
    optional(value.restriction, isString) &&
    optional(value.isrc, isString) &&
    optional(value.link, isString) &&
    optional(value.uriOverride, isString) &&
    optional(value.disc, isNumber) &&
    optional(value.number, isNumber) &&
    optional(value.releaseDate, isString) &&
    optional(value.resumeMs, isNumber) &&
    optional(value.played, isBoolean)
  );
}

export function isPlaylistRecord(value: unknown): value is PlaylistRecord {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.name) &&
    isString(value.ownerName) &&
    isBoolean(value.collaborative) &&
    optional(value.ownerId, isString) &&
    optional(value.total, isCount) &&
    optional(value.snapshotId, isString) &&
    optional(value.link, isString) &&
    optional(value.imageUrl, isString)
  );
}

export function isAlbumRecord(value: unknown): value is AlbumRecord {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.name) &&
    isString(value.byline) &&
    optional(value.releaseDate, isString) &&
    optional(value.totalTracks, isCount) &&
    optional(value.addedAt, isString) &&
    optional(value.firstTracks, (tracks) => Array.isArray(tracks) && tracks.every(isTrackRecord)) &&
    optional(value.imageUrl, isString)
  );
}

export function isArtistRecord(value: unknown): value is ArtistRecord {
  return isObject(value) && isString(value.id) && isString(value.name) && optional(value.genres, isString);
}

export function isShowRecord(value: unknown): value is ShowRecord {
  return isObject(value) && isString(value.id) && isString(value.name) && optional(value.totalEpisodes, isCount) && optional(value.addedAt, isString) && optional(value.imageUrl, isString);
}
