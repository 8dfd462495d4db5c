/**
 * THE playlist-as-text format (issue 21's Edit as Text document, issue 22's backup files), one
 * entry a line:
 *
 *     Song Title — Artist A, Artist B · 3:25  spotify:track:4uLU6hMCjMI75M1A2tKUQC
 *
 * The readable part (title — artists · m:ss) is for people only; a line is read by its URI alone:
 * the LAST Spotify link on the line, so a title that quotes a link cannot hijack the entry. Read
 * as entries: `spotify:track:` / `spotify:episode:` URIs, open.spotify.com `/track/` and
 * `/episode/` links (with `intl-xx/` paths, queries, fragments), the same inside Markdown links
 * `[x](https://open.spotify.com/track/..)`, and `spotify:local:` URIs (local files a playlist
 * holds; kept so a round trip never drops them). Blank lines and lines starting with `#` are
 * ignored (a title that starts with `#` is written as `\#`). Lines with other text are ignored
 * too, except that a line that looks like a link but is not an entry is reported as a problem
 * with its 1-based line number (the editor's diagnostics).
 */
import { l10n } from '../common/l10n';
import { findSpotifyLinks, isSpotifyId, type SpotifyLinkKind } from '../common/spotifyLinks';
import { formatDuration } from '../common/duration';

export interface PlaylistTextEntry {
  readonly uri: string;
  readonly title: string;
  /** Artists joined with ", ", or an episode's show. */
  readonly artists: string;
  readonly durationMs?: number;
}

export interface PlaylistTextProblem {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedPlaylistText {
  readonly uris: string[];
  readonly problems: PlaylistTextProblem[];
}

const URI_SEPARATOR = '  ';
const LOCAL_FILE_URI = /\bspotify:local:\S+/g;
const LOOKS_LIKE_A_LINK = /https?:\/\/|\bspotify:/i;

/** One line of text: a name with a line break must not make a second line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function readablePart(entry: PlaylistTextEntry): string {
  const names = [oneLine(entry.title), oneLine(entry.artists)].filter((part) => part.length > 0).join(' — ');
  const duration = formatDuration(entry.durationMs);
  const readable = duration ? (names ? `${names} · ${duration}` : duration) : names;
  // A line starting with # is a comment: escape it, as Markdown escapes a heading.
  return readable.startsWith('#') ? `\\${readable}` : readable;
}

export function formatPlaylistText(entries: readonly PlaylistTextEntry[]): string {
  return entries
    .map((entry) => {
      const readable = readablePart(entry);
      return readable ? `${readable}${URI_SEPARATOR}${entry.uri}` : entry.uri;
    })
    .map((line) => `${line}\n`)
    .join('');
}

/** Why a link of this kind cannot be a playlist entry (also what an import says of it). */
export function notAnEntryMessage(kind: Exclude<SpotifyLinkKind, 'track' | 'episode'>): string {
  switch (kind) {
    case 'album':
      return l10n.t('An album cannot be a playlist entry: only songs and episodes can.');
    case 'playlist':
      return l10n.t('A playlist cannot be a playlist entry: only songs and episodes can.');
    case 'artist':
      return l10n.t('An artist cannot be a playlist entry: only songs and episodes can.');
    case 'show':
      return l10n.t('A podcast cannot be a playlist entry: only songs and episodes can.');
  }
}

/** The entry's URI, or the problem that keeps the line from being one; undefined for a line that is no entry. */
function readLine(line: string): { uri: string } | { problem: string } | undefined {
  const text = line.trim();
  if (text.length === 0 || text.startsWith('#')) return undefined;
  const links = findSpotifyLinks(text);
  const last = links.at(-1);
  const local = [...text.matchAll(LOCAL_FILE_URI)].at(-1);
  if (local && (!last || local.index > last.start)) return { uri: local[0] };
  if (last) {
    if (last.kind !== 'track' && last.kind !== 'episode') return { problem: notAnEntryMessage(last.kind) };
    if (!isSpotifyId(last.id)) return { problem: l10n.t('"{0}" is not a Spotify ID (22 letters and digits).', last.id) };
    return { uri: `spotify:${last.kind}:${last.id}` };
  }
  if (LOOKS_LIKE_A_LINK.test(text)) return { problem: l10n.t('Not a Spotify link to a song or episode.') };
  return undefined;
}

export function parsePlaylistText(text: string): ParsedPlaylistText {
  const uris: string[] = [];
  const problems: PlaylistTextProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const read = readLine(line);
    if (!read) return;
    if ('uri' in read) uris.push(read.uri);
    else problems.push({ line: index + 1, message: read.problem });
  });
  return { uris, problems };
}
