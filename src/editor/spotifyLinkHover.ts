import * as vscode from 'vscode';
import { ForbiddenError, NotFoundError, NotSignedInError, SessionExpiredError, SpotifyError } from '../api/errors';
import type { RequestOptions } from '../api/spotifyClient';
import type { Logger } from '../common/logger';
import type { PlaylistRecord, TrackRecord } from '../library/records';
import { escapeMarkdown, formatDate, formatDuration } from '../views/format';
import { isSpotifyId, type SpotifyLinkKind, type SpotifyLinkMatch, spotifyLinkAt } from './spotifyLinks';

/** The command the hover's Open link runs; the only one its Markdown may run. */
export const OPEN_LINK_COMMAND = 'spotifyLibrary.openLink';
/**
 * Play belongs to the playback issue: when a play command exists, name it here (it gets the same
 * `{kind, id, url, uri}` argument) and the hover offers Play next to Open.
 */
export const PLAY_LINK_COMMAND: string | undefined = 'spotifyLibrary.play';

/** A request the user waits for goes on the scheduler's interactive lane (the client ignores `lane` until the scheduler lands). */
export type HoverRequestOptions = RequestOptions & { lane?: 'interactive' | 'background' };
const HOVER_REQUEST: HoverRequestOptions = { lane: 'interactive' };

/** The parts of the library the hover reads, so it costs no request for what is loaded. */
export interface HoverLibrary {
  readonly currentAccountId: string | undefined;
  readonly liked: { readonly items: readonly TrackRecord[]; readonly isLoaded: boolean; readonly hasMore: boolean };
  readonly playlists: { readonly items: readonly PlaylistRecord[]; readonly isLoaded: boolean; readonly hasMore: boolean };
}

export interface HoverApi {
  getJson(path: string, options?: HoverRequestOptions): Promise<unknown>;
}

/** What a hover says about one link. */
export interface LinkFacts {
  readonly title?: string;
  readonly lines: ReadonlyArray<readonly [label: string, value: string]>;
  /** Whether it is in the user's library, when that is known. */
  readonly library?: string;
  /** Said instead of the facts: unknown, removed, refused, not signed in. */
  readonly notice?: string;
}

const KIND_WORDS: Record<SpotifyLinkKind, string> = {
  track: 'Track',
  album: 'Album',
  playlist: 'Playlist',
  artist: 'Artist',
  episode: 'Episode',
  show: 'Podcast',
};

/**
 * Explains Spotify links and URIs under the mouse in any file: from the loaded library when it has
 * the item, otherwise with one request per item, remembered for the session. Nothing happens until
 * a hover: no request for a document the user only scrolls past.
 */
export class SpotifyLinkHoverProvider implements vscode.HoverProvider {
  readonly #cache = new Map<string, Promise<LinkFacts>>();
  #cacheAccount: string | undefined;

  constructor(
    private readonly library: HoverLibrary,
    private readonly api: HoverApi,
    private readonly logger: Logger,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = document.lineAt(position.line).text;
    const link = spotifyLinkAt(line, position.character);
    if (!link) return undefined;
    const facts = await this.factsFor(link);
    const range = new vscode.Range(position.line, link.start, position.line, link.end);
    return new vscode.Hover(renderHover(link, facts), range);
  }

  /** What is known about the link's item: loaded library first, else the session's cache, else one request. */
  factsFor(link: Pick<SpotifyLinkMatch, 'kind' | 'id'>): Promise<LinkFacts> {
    if (!isSpotifyId(link.id)) return Promise.resolve({ lines: [], notice: `This is not a valid Spotify ${link.kind} link: the id is malformed.` });
    const account = this.library.currentAccountId;
    if (!account) return Promise.resolve({ lines: [], notice: 'Sign in to Spotify to see what this link is.' });
    if (account !== this.#cacheAccount) {
      this.#cache.clear();
      this.#cacheAccount = account;
    }
    const known = this.#fromLibrary(link.kind, link.id);
    if (known) return Promise.resolve(known);
    const key = `${link.kind}:${link.id}`;
    let facts = this.#cache.get(key);
    if (!facts) {
      facts = this.#request(link.kind, link.id).catch((error: unknown) => {
        const transient = !(error instanceof NotFoundError || error instanceof ForbiddenError || isMalformed(error));
        if (transient) this.#cache.delete(key); // a failure that may pass (network, rate limit) is asked again on the next hover
        return { lines: [], notice: noticeFor(link.kind, error) };
      });
      this.#cache.set(key, facts);
    }
    return facts;
  }

  #fromLibrary(kind: SpotifyLinkKind, id: string): LinkFacts | undefined {
    if (kind === 'track' || kind === 'episode') {
      const liked = this.library.liked.items.find((track) => track.id === id && track.kind === kind);
      if (liked) return { ...trackFacts(liked), library: `In your Liked Songs${liked.addedAt ? ` (since ${formatDate(liked.addedAt)})` : ''}` };
    }
    if (kind === 'playlist') {
      const playlist = this.library.playlists.items.find((candidate) => candidate.id === id);
      if (playlist) {
        const lines: Array<[string, string]> = [['Owner', playlist.ownerName]];
        if (playlist.total !== undefined) lines.push(['Tracks', String(playlist.total)]);
        return { title: playlist.name, lines, library: 'In your playlists' };
      }
    }
    return undefined;
  }

  #libraryWord(kind: SpotifyLinkKind): string | undefined {
    const { liked, playlists } = this.library;
    if (kind === 'track' && liked.isLoaded && !liked.hasMore) return 'Not in your Liked Songs';
    if (kind === 'playlist' && playlists.isLoaded && !playlists.hasMore) return 'Not in your playlists';
    return undefined;
  }

  async #request(kind: SpotifyLinkKind, id: string): Promise<LinkFacts> {
    const path = kind === 'playlist'
      ? `/playlists/${id}?fields=${encodeURIComponent('id,name,owner(id,display_name),items(total),tracks(total)')}`
      : `/${kind}s/${id}`;
    this.logger.debug(`[hover] asking Spotify about a ${kind}`);
    const raw = await this.api.getJson(path, HOVER_REQUEST);
    const facts = factsFromJson(kind, raw);
    const library = this.#libraryWord(kind);
    return library ? { ...facts, library } : facts;
  }
}

function isMalformed(error: unknown): boolean {
  return error instanceof SpotifyError && 'status' in error && (error as { status?: number }).status === 400;
}

function noticeFor(kind: SpotifyLinkKind, error: unknown): string {
  const word = KIND_WORDS[kind].toLowerCase();
  if (error instanceof NotFoundError) return `Spotify has no ${word} with this id: it was removed or never existed.`;
  if (error instanceof ForbiddenError) return `Spotify does not let this app read this ${word}.`;
  if (error instanceof NotSignedInError || error instanceof SessionExpiredError) return 'Sign in to Spotify to see what this link is.';
  if (isMalformed(error)) return `Spotify says this is not a valid ${word} id.`;
  if (error instanceof SpotifyError) return `Could not ask Spotify about this ${word}: ${error.message}`;
  return `Could not ask Spotify about this ${word}.`;
}

function trackFacts(track: TrackRecord): LinkFacts {
  const lines: Array<[string, string]> = [];
  if (track.kind === 'episode') {
    if (track.byline) lines.push(['Podcast', track.byline]);
  } else {
    if (track.byline) lines.push(['Artists', track.byline]);
    if (track.album) lines.push(['Album', track.album]);
  }
  const duration = formatDuration(track.durationMs);
  if (duration) lines.push(['Duration', duration]);
  return { title: track.name, lines };
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const names = (value: unknown): string | undefined =>
  Array.isArray(value) ? value.map((entry) => str(obj(entry)?.name)).filter(Boolean).join(', ') || undefined : undefined;

/** Spotify's answer (untrusted: any field may be missing) as the hover's facts. */
export function factsFromJson(kind: SpotifyLinkKind, raw: unknown): LinkFacts {
  const item = obj(raw) ?? {};
  const lines: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => value && lines.push([label, value]);
  switch (kind) {
    case 'track':
      add('Artists', names(item.artists));
      add('Album', str(obj(item.album)?.name));
      add('Duration', formatDuration(num(item.duration_ms)) || undefined);
      break;
    case 'episode':
      add('Podcast', str(obj(item.show)?.name));
      add('Duration', formatDuration(num(item.duration_ms)) || undefined);
      add('Released', str(item.release_date));
      break;
    case 'album': {
      add('Artists', names(item.artists));
      add('Released', str(item.release_date));
      const total = num(item.total_tracks);
      add('Tracks', total === undefined ? undefined : String(total));
      break;
    }
    case 'playlist': {
      const owner = obj(item.owner);
      add('Owner', str(owner?.display_name) ?? str(owner?.id));
      const total = num(obj(item.items)?.total) ?? num(obj(item.tracks)?.total);
      add('Tracks', total === undefined ? undefined : String(total));
      break;
    }
    case 'show': {
      add('Publisher', str(item.publisher));
      const total = num(item.total_episodes);
      add('Episodes', total === undefined ? undefined : String(total));
      break;
    }
    case 'artist':
      add('Genres', Array.isArray(item.genres) ? item.genres.filter((g) => typeof g === 'string').join(', ') || undefined : undefined);
      break;
  }
  const title = str(item.name);
  return title ? { title, lines } : { lines, notice: `Spotify sent nothing readable about this ${KIND_WORDS[kind].toLowerCase()}.` };
}

/**
 * The hover's Markdown. Every string from Spotify is escaped; HTML and theme icons stay off; the
 * only commands it may run are this extension's own Open (and Play, once it exists).
 */
export function renderHover(link: Pick<SpotifyLinkMatch, 'kind' | 'id'>, facts: LinkFacts): vscode.MarkdownString {
  const enabledCommands = [OPEN_LINK_COMMAND, ...(PLAY_LINK_COMMAND ? [PLAY_LINK_COMMAND] : [])];
  const md = new vscode.MarkdownString(undefined, false);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands };
  const kindWord = KIND_WORDS[link.kind];
  if (facts.title) md.appendMarkdown(`**${escapeMarkdown(facts.title)}** · ${kindWord}\n\n`);
  else md.appendMarkdown(`Spotify ${kindWord.toLowerCase()}\n\n`);
  if (facts.notice) md.appendMarkdown(`${escapeMarkdown(facts.notice)}\n\n`);
  for (const [label, value] of facts.lines) md.appendMarkdown(`${label}: ${escapeMarkdown(value)}  \n`);
  if (facts.library) md.appendMarkdown(`${escapeMarkdown(facts.library)}  \n`);
  if (isSpotifyId(link.id)) {
    const target = { kind: link.kind, id: link.id, url: `https://open.spotify.com/${link.kind}/${link.id}`, uri: `spotify:${link.kind}:${link.id}` };
    const args = encodeURIComponent(JSON.stringify([target]));
    md.appendMarkdown(`\n[Open in Spotify](command:${OPEN_LINK_COMMAND}?${args} "Open in Spotify")`);
    if (PLAY_LINK_COMMAND) md.appendMarkdown(` · [Play](command:${PLAY_LINK_COMMAND}?${args} "Play in Spotify")`);
  }
  return md;
}
