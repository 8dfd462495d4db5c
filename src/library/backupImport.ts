/**
 * Reading lists back: a backup's own files (backupFormats.ts) and playlists other tools export,
 * into the URIs of songs and episodes to restore or import (issue 22).
 *
 * parseImport takes, by file name or by content: this project's playlist text format (a line is
 * read by its last link, as parsePlaylistText does); CSV with a `Track URI` column (Exportify's,
 * any column order, Excel's UTF-8 BOM, `;` or tab as separator, quoted cells with separators, line
 * breaks and doubled quotes) or any CSV holding links; this project's JSON list files and
 * Export...'s JSON; M3U/M3U8; Markdown lists and tables; any text with open.spotify.com links and
 * spotify: URIs (a free-text line may name several).
 *
 * Guarantee: nothing is dropped silently. Every line (CSV record, JSON entry) that names no song
 * or episode is a problem with its 1-based line, except what is syntax, not an entry: blank lines,
 * `#` comments (so M3U's `#EXTM3U`/`#EXTINF`), a CSV's header, a Markdown table's header and rule.
 * An album, playlist, artist or podcast link is a problem saying why it is no entry.
 *
 * parseBackupText reads a backup's text file of albums, artists or podcasts (kinds option); for
 * songs and episodes it is parsePlaylistText, unchanged.
 */
import { l10n } from '../common/l10n';
import { csvSeparator, readCsv } from '../common/csv';
import { findSpotifyLinks, isSpotifyId, type SpotifyLinkKind } from '../common/spotifyLinks';
import { isObject } from './backupFormats';
import { notAnEntryMessage, parsePlaylistText, type ParsedPlaylistText, type PlaylistTextProblem } from './playlistText';

export interface ParsedImport {
  readonly uris: string[];
  readonly problems: PlaylistTextProblem[];
  /** The list's name when the file says it (a `#` title, `#PLAYLIST:`, JSON's `name`), else the file's name without extension. */
  readonly name?: string;
  /** The file as a whole did not parse (JSON that is not JSON or holds no list, a quote never closed): nothing from it may be written. */
  readonly unreadable?: true;
}

type ItemKind = Extract<SpotifyLinkKind, 'album' | 'artist' | 'show'>;

const LOOKS_LIKE_A_LINK = /https?:\/\/|\bspotify:/i;

function notThatKindMessage(kind: ItemKind): string {
  switch (kind) {
    case 'album':
      return l10n.t('Not a Spotify link to an album.');
    case 'artist':
      return l10n.t('Not a Spotify link to an artist.');
    case 'show':
      return l10n.t('Not a Spotify link to a podcast.');
  }
}

function notAnIdMessage(id: string): string {
  return l10n.t('"{0}" is not a Spotify ID (22 letters and digits).', id);
}

/**
 * A backup's text file: with `kinds` of songs and episodes (the default) exactly parsePlaylistText;
 * with album, artist or show it reads those URIs instead, by the last link on a line as well.
 */
export function parseBackupText(text: string, options: { readonly kinds?: ReadonlyArray<'track' | 'episode' | ItemKind> } = {}): ParsedPlaylistText {
  const kinds = options.kinds ?? ['track', 'episode'];
  const items = kinds.filter((kind): kind is ItemKind => kind !== 'track' && kind !== 'episode');
  if (items.length === 0) return parsePlaylistText(text);
  const uris: string[] = [];
  const problems: PlaylistTextProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const last = findSpotifyLinks(line).at(-1);
    const problem = (message: string) => problems.push({ line: index + 1, message });
    if (!last) {
      if (LOOKS_LIKE_A_LINK.test(line)) problem(notThatKindMessage(items[0]));
    } else if (!(items as readonly string[]).includes(last.kind)) problem(notThatKindMessage(items[0]));
    else if (!isSpotifyId(last.id)) problem(notAnIdMessage(last.id));
    else uris.push(`spotify:${last.kind}:${last.id}`);
  });
  return { uris, problems };
}

// ---- import -----------------------------------------------------------------------------------

type Read = { uris: string[]; problems: string[] };

/** The song and episode URIs a piece of text names, and what keeps the rest from being entries. */
function readLinks(text: string, lastOnly: boolean): Read {
  const links = findSpotifyLinks(text);
  const read: Read = { uris: [], problems: [] };
  for (const link of lastOnly ? links.slice(-1) : links) {
    if (link.kind !== 'track' && link.kind !== 'episode') read.problems.push(notAnEntryMessage(link.kind));
    else if (!isSpotifyId(link.id)) read.problems.push(notAnIdMessage(link.id));
    // `[https://open.spotify.com/track/X](https://open.spotify.com/track/X)` names one song, not two.
    else if (read.uris.at(-1) !== `spotify:${link.kind}:${link.id}`) read.uris.push(`spotify:${link.kind}:${link.id}`);
  }
  return read;
}

/**
 * A line of this project's format ends with its URI after two spaces (or is one): read by that
 * last link alone, so a title that quotes a link cannot add an entry. Any other line is the
 * user's own text: every link on it counts.
 */
const PLAYLIST_FORMAT_LINE = /(?:^|\S {2})spotify:(?:track|episode|local):\S+$/;

function readTextLine(line: string): Read {
  if (PLAYLIST_FORMAT_LINE.test(line) || findSpotifyLinks(line).length === 0) {
    const parsed = parsePlaylistText(line);
    return { uris: parsed.uris, problems: parsed.problems.map((problem) => problem.message) };
  }
  return readLinks(line, false);
}

const noEntryOnLine = () => l10n.t('This line names no Spotify song or episode.');

/** A Markdown table's rule `| --- | :-: |`: syntax, as is the header row above it. */
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;

function parseTextImport(text: string): ParsedImport {
  const lines = text.split(/\r\n|\r|\n/);
  const uris: string[] = [];
  const problems: PlaylistTextProblem[] = [];
  let name: string | undefined;
  let seenContent = false;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0) return;
    const first = !seenContent;
    seenContent = true;
    if (line.startsWith('#')) {
      const playlistDirective = /^#PLAYLIST:(.*)$/i.exec(line);
      if (playlistDirective) name ??= playlistDirective[1].trim() || undefined;
      else if (first && !/^#EXT/i.test(line) && !LOOKS_LIKE_A_LINK.test(line)) name = line.replace(/^#+\s*/, '').trim() || undefined;
      return;
    }
    if (TABLE_RULE.test(line)) return;
    if (line.startsWith('|') && TABLE_RULE.test(lines[index + 1]?.trim() ?? '')) return;
    const read = readTextLine(line);
    uris.push(...read.uris);
    const messages = read.uris.length === 0 && read.problems.length === 0 ? [noEntryOnLine()] : read.problems;
    for (const message of messages) problems.push({ line: index + 1, message });
  });
  return { uris, problems, name };
}

function parseCsvImport(text: string): ParsedImport {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0];
  const { records, unclosedQuoteLine } = readCsv(text, csvSeparator(firstLine));
  const uris: string[] = [];
  const problems: PlaylistTextProblem[] = [];
  const filled = records.filter((record) => record.cells.some((cell) => cell.trim().length > 0));
  const header = filled[0]?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
  const uriColumn = header.indexOf('track uri');
  // Without a Track URI column the first record is a header unless it holds a link itself.
  const rows = uriColumn >= 0 || (filled[0] && findSpotifyLinks(filled[0].cells.join(' ')).length === 0) ? filled.slice(1) : filled;
  for (const record of rows) {
    const cell = uriColumn >= 0 ? (record.cells[uriColumn] ?? '').trim() : record.cells.join('  ');
    let read: Read;
    if (uriColumn >= 0) {
      // Exportify writes local files' URIs as they are; they stay entries, as in the text format.
      read = /^spotify:local:\S+$/.test(cell) ? { uris: [cell], problems: [] } : readLinks(cell, true);
    } else read = readLinks(cell, false);
    uris.push(...read.uris);
    const messages = read.uris.length === 0 && read.problems.length === 0 ? [uriColumn >= 0 ? l10n.t('This row has no Spotify song or episode in its "Track URI" column.') : l10n.t('This row names no Spotify song or episode.')] : read.problems;
    for (const message of messages) problems.push({ line: record.line, message });
  }
  if (unclosedQuoteLine !== undefined) problems.push({ line: unclosedQuoteLine, message: l10n.t('A quoted cell is not closed: the rest of the file was read as its text.') });
  problems.sort((a, b) => a.line - b.line);
  return { uris, problems, ...(unclosedQuoteLine !== undefined ? { unreadable: true as const } : {}) };
}

/** The 1-based line of each entry of a JSON list when each stands on a line of its own (as backups write them). */
function entryLines(text: string, count: number): number[] | undefined {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    const item = line.trim().replace(/,$/, '');
    if (!item.startsWith('{')) return;
    try {
      JSON.parse(item);
      lines.push(index + 1);
    } catch {
      // not one entry: a multi-line JSON's own braces
    }
  });
  return lines.length === count ? lines : undefined;
}

function parseJsonImport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { uris: [], problems: [{ line: 1, message: l10n.t('This JSON file cannot be read: {0}', error instanceof Error ? error.message : String(error)) }], unreadable: true };
  }
  // This project's list files ({kind, name, entries}) and Export...'s JSON (an array of records with `uri`).
  const entries = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.entries) ? value.entries : undefined;
  const name = isObject(value) && typeof value.name === 'string' ? value.name : undefined;
  if (!entries) return { uris: [], problems: [{ line: 1, message: l10n.t('No list of entries in this JSON file: import one of a backup\'s list files.') }], name, unreadable: true };
  const lines = entryLines(text, entries.length);
  const uris: string[] = [];
  const problems: PlaylistTextProblem[] = [];
  entries.forEach((entry: unknown, index) => {
    const uri = isObject(entry) && typeof entry.uri === 'string' ? entry.uri.trim() : '';
    const read: Read = /^spotify:local:\S+$/.test(uri) ? { uris: [uri], problems: [] } : readLinks(uri, true);
    uris.push(...read.uris);
    const messages = read.uris.length === 0 && read.problems.length === 0 ? [l10n.t('This entry has no Spotify link to a song or episode ("uri").')] : read.problems;
    for (const message of messages) problems.push({ line: lines?.[index] ?? 1, message });
  });
  return { uris, problems, name };
}

function looksLikeExportifyCsv(text: string): boolean {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0];
  return /(^|[,;\t])\s*"?Track URI"?\s*($|[,;\t])/i.test(firstLine);
}

/** Text without a file name is JSON only when it parses as such: `[Song](https://...)` starts like an array. */
function isJson(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The file's name without folders and extension. */
function baseName(fileName: string): string | undefined {
  const base = fileName.split(/[/\\]/).at(-1) ?? '';
  return base.replace(/\.[^.]*$/, '').trim() || undefined;
}

/** The songs and episodes a file names, in its order, with the problems of every other line (see the head comment). */
export function parseImport(text: string, fileName?: string): ParsedImport {
  const content = text.replace(/^\uFEFF/, '');
  const extension = /\.([^./\\]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  const parsed =
    extension === 'json' || (extension === undefined && isJson(content))
      ? parseJsonImport(content)
      : extension === 'csv' || extension === 'tsv' || looksLikeExportifyCsv(content)
        ? parseCsvImport(content)
        : parseTextImport(content);
  const name = parsed.name ?? (fileName ? baseName(fileName) : undefined);
  return name === undefined ? { uris: parsed.uris, problems: parsed.problems } : { ...parsed, name };
}
