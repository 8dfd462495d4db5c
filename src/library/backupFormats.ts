/**
 * THE backup of a library in plain files the user owns (issue 22): one file a list (each playlist,
 * Liked Songs, Albums, Artists, Podcasts, Your Episodes) plus an index, `library.json`. Written
 * for git: a backup of an unchanged library is byte for byte the backup before it.
 *
 * Guarantees (unit-tested in test/unit/backupFormats.test.ts):
 * - A file's name comes from the list's id (`playlist-<id>.csv`), never its name: renaming a
 *   playlist changes one line, not the file a git history follows.
 * - A list file holds the list's own order, one entry a line, a trailing newline, and nothing that
 *   changes while the list does not: no counts, no dates but each entry's own `added_at`, no
 *   snapshot id, nothing that follows the display language (the headers are fixed words), no
 *   market-dependent playability, no resume points. When the backup ran is only in the index.
 * - Three formats, each readable back by parseImport (backupImport.ts):
 *   text: playlistText's format (formatPlaylistText) under a `#` header of the list's name and URI;
 *         albums, artists and podcasts as `Name — Artist  spotify:album:ID` (parseBackupText reads them);
 *   CSV:  RFC 4180 with Exportify's columns for songs and episodes (other tools read that header),
 *         cells as Export... writes them (csvCell: formulas neutralised), CRLF;
 *   JSON: fixed key order, 2-space indent, each entry one line of its own.
 * - The index lists the sections first (in the Library's order), then the playlists in the
 *   library's order; each with its file, kind, id, name, snapshot id and count.
 */
import { csvCell } from '../common/csv';
import { formatPlaylistText } from './playlistText';
import { LIKED_SONGS_URI, trackUri, type AlbumRecord, type ArtistRecord, type PlaylistRecord, type ShowRecord, type TrackRecord } from './records';

export type BackupFormat = 'text' | 'csv' | 'json';
/** The Library's section ids (common/sections.ts) a backup holds, and `playlist` for each playlist. */
export type BackupSection = 'liked' | 'albums' | 'artists' | 'shows' | 'episodes';
export type BackupListKind = BackupSection | 'playlist';

export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_INDEX_FILE = 'library.json';
export const BACKUP_EXTENSIONS: Readonly<Record<BackupFormat, string>> = { text: '.spotify-playlist', csv: '.csv', json: '.json' };

/** The sections in the Library's order (SECTION_IDS without playlists), as the index lists them. */
export const BACKUP_SECTIONS: readonly BackupSection[] = ['liked', 'albums', 'artists', 'shows', 'episodes'];

const SECTION_FILES: Readonly<Record<BackupSection, string>> = { liked: 'liked-songs', albums: 'albums', artists: 'artists', shows: 'podcasts', episodes: 'episodes' };
/** Fixed words, not the display language: switching it must not rewrite every file of a backup. */
const SECTION_NAMES: Readonly<Record<BackupSection, string>> = { liked: 'Liked Songs', albums: 'Albums', artists: 'Artists', shows: 'Podcasts', episodes: 'Your Episodes' };
const REMOVED_LINE = '# (removed from Spotify)';

/** One list as a backup writes it. */
export type BackupList =
  | { readonly kind: 'playlist'; readonly playlist: PlaylistRecord; readonly tracks: readonly TrackRecord[] }
  | { readonly kind: 'liked' | 'episodes'; readonly tracks: readonly TrackRecord[] }
  | { readonly kind: 'albums'; readonly albums: readonly AlbumRecord[] }
  | { readonly kind: 'artists'; readonly artists: readonly ArtistRecord[] }
  | { readonly kind: 'shows'; readonly shows: readonly ShowRecord[] };

export interface BackupIndexList {
  readonly file: string;
  readonly kind: BackupListKind;
  /** A playlist's id; absent for a section. */
  readonly id?: string;
  readonly name: string;
  readonly snapshotId?: string;
  readonly count: number;
}

export interface BackupIndex {
  readonly format: typeof BACKUP_FORMAT_VERSION;
  readonly account: { readonly id: string; readonly name: string };
  /** ISO time the backup ran: the one timestamp of a backup. */
  readonly backedUpAt: string;
  readonly lists: readonly BackupIndexList[];
}

/** A playlist's file: from its id alone (only letters, digits, `-` and `_` kept, so no id can name a path). */
export function playlistFileName(playlist: { readonly id: string }, format: BackupFormat = 'text'): string {
  return `playlist-${playlist.id.replace(/[^A-Za-z0-9_-]/g, '_')}${BACKUP_EXTENSIONS[format]}`;
}

export function sectionFileName(section: BackupSection, format: BackupFormat = 'text'): string {
  return `${SECTION_FILES[section]}${BACKUP_EXTENSIONS[format]}`;
}

export function backupFileName(list: BackupList, format: BackupFormat): string {
  return list.kind === 'playlist' ? playlistFileName(list.playlist, format) : sectionFileName(list.kind, format);
}

/** The list's name as the backup writes it: a playlist's own, a section's fixed English one. */
export function backupListName(list: BackupList): string {
  return list.kind === 'playlist' ? list.playlist.name : SECTION_NAMES[list.kind];
}

function listUri(list: BackupList): string | undefined {
  if (list.kind === 'playlist') return `spotify:playlist:${list.playlist.id}`;
  return list.kind === 'liked' ? LIKED_SONGS_URI : undefined;
}

function entryCount(list: BackupList): number {
  switch (list.kind) {
    case 'albums':
      return list.albums.length;
    case 'artists':
      return list.artists.length;
    case 'shows':
      return list.shows.length;
    default:
      return list.tracks.length;
  }
}

export function formatBackupList(list: BackupList, format: BackupFormat): string {
  switch (format) {
    case 'csv':
      return backupCsv(list);
    case 'json':
      return backupJson(list);
    default:
      return backupText(list);
  }
}

// ---- text -------------------------------------------------------------------------------------

const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

function backupText(list: BackupList): string {
  const header = [`# ${oneLine(backupListName(list))}`];
  const uri = listUri(list);
  if (uri) header.push(`# ${uri}`);
  const body = textBody(list);
  return `${header.join('\n')}\n${body ? `\n${body}` : ''}`;
}

function textBody(list: BackupList): string {
  switch (list.kind) {
    case 'albums':
      return formatPlaylistText(list.albums.map((album) => ({ uri: `spotify:album:${album.id}`, title: album.name, artists: album.byline })));
    case 'artists':
      return formatPlaylistText(list.artists.map((artist) => ({ uri: `spotify:artist:${artist.id}`, title: artist.name, artists: '' })));
    case 'shows':
      return formatPlaylistText(list.shows.map((show) => ({ uri: `spotify:show:${show.id}`, title: show.name, artists: '' })));
    default:
      // An entry Spotify sends no content for has no URI: a comment keeps its place (and the count).
      return list.tracks
        .map((track) => {
          const uri = trackUri(track);
          return uri ? formatPlaylistText([{ uri, title: track.name === uri ? '' : track.name, artists: track.byline, durationMs: track.durationMs }]) : `${REMOVED_LINE}\n`;
        })
        .join('');
  }
}

// ---- CSV --------------------------------------------------------------------------------------

/** Exportify's header, word for word: other tools (and Exportify's own readers) find columns by it. */
export const EXPORTIFY_COLUMNS = [
  'Track URI',
  'Track Name',
  'Artist URI(s)',
  'Artist Name(s)',
  'Album URI',
  'Album Name',
  'Album Artist URI(s)',
  'Album Artist Name(s)',
  'Album Release Date',
  'Album Image URL',
  'Disc Number',
  'Track Number',
  'Track Duration (ms)',
  'Track Preview URL',
  'Explicit',
  'Popularity',
  'ISRC',
  'Added By',
  'Added At',
] as const;

type CsvValue = string | number | boolean | undefined;

/** Cells by column name; a column the records do not hold stays empty. */
function exportifyRow(track: TrackRecord): Partial<Record<(typeof EXPORTIFY_COLUMNS)[number], CsvValue>> {
  const episode = track.kind === 'episode';
  return {
    'Track URI': trackUri(track),
    'Track Name': track.kind === 'removed' ? '' : track.name,
    // An episode's byline is its show: the album's place, as Export... puts it.
    'Artist Name(s)': episode ? '' : track.byline,
    'Album Name': episode ? track.byline : track.album,
    'Album Release Date': track.releaseDate,
    'Disc Number': track.disc,
    'Track Number': track.number,
    'Track Duration (ms)': track.durationMs,
    Explicit: track.explicit,
    ISRC: track.isrc,
    'Added At': track.addedAt,
  };
}

function csvText<T>(columns: readonly string[], rows: readonly T[], cells: (row: T) => Partial<Record<string, CsvValue>>): string {
  const line = (values: readonly CsvValue[]) => values.map((value) => csvCell(value === undefined ? '' : typeof value === 'boolean' ? String(value) : value)).join(',');
  const lines = [line(columns), ...rows.map((row) => line(columns.map((column) => cells(row)[column])))];
  return `${lines.join('\r\n')}\r\n`;
}

export const ALBUM_COLUMNS = ['Album URI', 'Album Name', 'Album Artist Name(s)', 'Album Release Date', 'Total Tracks', 'Album Image URL', 'Added At'] as const;
export const ARTIST_COLUMNS = ['Artist URI', 'Artist Name', 'Genres'] as const;
export const SHOW_COLUMNS = ['Show URI', 'Show Name', 'Total Episodes', 'Show Image URL', 'Added At'] as const;

function backupCsv(list: BackupList): string {
  switch (list.kind) {
    case 'albums':
      return csvText(ALBUM_COLUMNS, list.albums, (album) => ({
        'Album URI': `spotify:album:${album.id}`,
        'Album Name': album.name,
        'Album Artist Name(s)': album.byline,
        'Album Release Date': album.releaseDate,
        'Total Tracks': album.totalTracks,
        'Album Image URL': album.imageUrl,
        'Added At': album.addedAt,
      }));
    case 'artists':
      return csvText(ARTIST_COLUMNS, list.artists, (artist) => ({ 'Artist URI': `spotify:artist:${artist.id}`, 'Artist Name': artist.name, Genres: artist.genres }));
    case 'shows':
      return csvText(SHOW_COLUMNS, list.shows, (show) => ({ 'Show URI': `spotify:show:${show.id}`, 'Show Name': show.name, 'Total Episodes': show.totalEpisodes, 'Show Image URL': show.imageUrl, 'Added At': show.addedAt }));
    default:
      return csvText(EXPORTIFY_COLUMNS, list.tracks, exportifyRow);
  }
}

// ---- JSON -------------------------------------------------------------------------------------

/** An entry of a JSON list file: keys in this order, absent ones left out. */
export interface BackupJsonEntry {
  readonly uri?: string;
  readonly name?: string;
  readonly artists?: string;
  readonly album?: string;
  readonly show?: string;
  readonly releaseDate?: string;
  readonly disc?: number;
  readonly number?: number;
  readonly durationMs?: number;
  readonly explicit?: boolean;
  readonly isrc?: string;
  readonly totalTracks?: number;
  readonly totalEpisodes?: number;
  readonly genres?: string;
  readonly imageUrl?: string;
  readonly addedAt?: string;
  /** An entry Spotify sends no content for: kept so the count and positions stay true. */
  readonly removed?: true;
}

export interface BackupJsonList {
  readonly format: typeof BACKUP_FORMAT_VERSION;
  readonly kind: BackupListKind;
  readonly id?: string;
  readonly uri?: string;
  readonly name: string;
  readonly owner?: string;
  readonly description?: string;
  readonly public?: boolean;
  readonly collaborative?: boolean;
  readonly entries: readonly BackupJsonEntry[];
}

function trackEntry(track: TrackRecord): BackupJsonEntry {
  if (track.kind === 'removed') return { addedAt: track.addedAt, removed: true };
  const episode = track.kind === 'episode';
  return {
    uri: trackUri(track),
    name: track.name,
    artists: episode ? undefined : track.byline || undefined,
    album: track.album,
    show: episode ? track.byline || undefined : undefined,
    releaseDate: track.releaseDate,
    disc: track.disc,
    number: track.number,
    durationMs: track.durationMs,
    explicit: track.explicit,
    isrc: track.isrc,
    addedAt: track.addedAt,
  };
}

function jsonEntries(list: BackupList): BackupJsonEntry[] {
  switch (list.kind) {
    case 'albums':
      return list.albums.map((album) => ({ uri: `spotify:album:${album.id}`, name: album.name, artists: album.byline || undefined, releaseDate: album.releaseDate, totalTracks: album.totalTracks, imageUrl: album.imageUrl, addedAt: album.addedAt }));
    case 'artists':
      return list.artists.map((artist) => ({ uri: `spotify:artist:${artist.id}`, name: artist.name, genres: artist.genres }));
    case 'shows':
      return list.shows.map((show) => ({ uri: `spotify:show:${show.id}`, name: show.name, totalEpisodes: show.totalEpisodes, imageUrl: show.imageUrl, addedAt: show.addedAt }));
    default:
      return list.tracks.map(trackEntry);
  }
}

/**
 * `JSON.stringify(value, null, 2)`, except that each item of the array under `arrayKey` is one
 * line of its own: a change to one entry is a one-line diff.
 */
function jsonWithOneItemALine(value: object, arrayKey: string, items: readonly object[]): string {
  const placeholder = '\u0000items\u0000';
  const text = JSON.stringify({ ...value, [arrayKey]: placeholder }, null, 2);
  const array = items.length === 0 ? '[]' : `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  return `${text.replace(JSON.stringify(placeholder), () => array)}\n`;
}

function backupJson(list: BackupList): string {
  const playlist = list.kind === 'playlist' ? list.playlist : undefined;
  const head: Omit<BackupJsonList, 'entries'> = {
    format: BACKUP_FORMAT_VERSION,
    kind: list.kind,
    id: playlist?.id,
    uri: listUri(list),
    name: backupListName(list),
    owner: playlist?.ownerName,
    description: playlist?.description,
    public: playlist?.isPublic,
    collaborative: playlist?.collaborative,
  };
  return jsonWithOneItemALine(head, 'entries', jsonEntries(list));
}

// ---- index ------------------------------------------------------------------------------------

export function buildBackupIndex(input: { readonly account: { readonly id: string; readonly name: string }; readonly backedUpAt: string; readonly format: BackupFormat; readonly lists: readonly BackupList[] }): BackupIndex {
  const sections = BACKUP_SECTIONS.flatMap((section) => input.lists.filter((list) => list.kind === section));
  const playlists = input.lists.filter((list) => list.kind === 'playlist');
  const lists = [...sections, ...playlists].map((list): BackupIndexList => {
    const playlist = list.kind === 'playlist' ? list.playlist : undefined;
    return indexList({ file: backupFileName(list, input.format), kind: list.kind, id: playlist?.id, name: backupListName(list), snapshotId: playlist?.snapshotId, count: entryCount(list) });
  });
  return { format: BACKUP_FORMAT_VERSION, account: { id: input.account.id, name: input.account.name }, backedUpAt: input.backedUpAt, lists };
}

/** A list of the index in its key order, a section without the id and snapshot id it has not. */
function indexList(list: BackupIndexList): BackupIndexList {
  const { file, kind, id, name, snapshotId, count } = list;
  return { file, kind, ...(id === undefined ? {} : { id }), name, ...(snapshotId === undefined ? {} : { snapshotId }), count };
}

export function formatBackupIndex(index: BackupIndex): string {
  return jsonWithOneItemALine({ format: index.format, account: { id: index.account.id, name: index.account.name }, backedUpAt: index.backedUpAt }, 'lists', index.lists.map(indexList));
}

const LIST_KINDS: ReadonlySet<string> = new Set<BackupListKind>([...BACKUP_SECTIONS, 'playlist']);

/** The index of a backup folder, or undefined when the text is not one (another format version included). */
export function readBackupIndex(text: string): BackupIndex | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.format !== BACKUP_FORMAT_VERSION || !isObject(value.account) || !Array.isArray(value.lists)) return undefined;
  const lists: BackupIndexList[] = [];
  for (const item of value.lists) {
    if (!isObject(item) || typeof item.file !== 'string' || typeof item.kind !== 'string' || !LIST_KINDS.has(item.kind) || typeof item.name !== 'string' || typeof item.count !== 'number') return undefined;
    lists.push(indexList({ file: item.file, kind: item.kind as BackupListKind, id: typeof item.id === 'string' ? item.id : undefined, name: item.name, snapshotId: typeof item.snapshotId === 'string' ? item.snapshotId : undefined, count: item.count }));
  }
  return {
    format: BACKUP_FORMAT_VERSION,
    account: { id: typeof value.account.id === 'string' ? value.account.id : '', name: typeof value.account.name === 'string' ? value.account.name : '' },
    backedUpAt: typeof value.backedUpAt === 'string' ? value.backedUpAt : '',
    lists,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
