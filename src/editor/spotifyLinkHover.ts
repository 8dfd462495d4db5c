import * as vscode from 'vscode';
import { ForbiddenError, NotFoundError, NotSignedInError, SessionExpiredError, SpotifyError } from '../api/errors';
import type { RequestOptions } from '../api/spotifyClient';
import type { Logger } from '../common/logger';
import type { PlaylistRecord, TrackRecord } from '../library/records';
import { escapeMarkdown, formatCount, formatDate, formatDuration, formatReleaseDate } from '../views/format';
import { isSpotifyId, type SpotifyLinkKind, type SpotifyLinkMatch, spotifyLinkAt } from '../common/spotifyLinks';

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

/** The kind as the hover's heading names it ("Track"). */
function kindTitle(kind: SpotifyLinkKind): string {
  switch (kind) {
    case 'track':
      return vscode.l10n.t('Track');
    case 'album':
      return vscode.l10n.t('Album');
    case 'playlist':
      return vscode.l10n.t('Playlist');
    case 'artist':
      return vscode.l10n.t('Artist');
    case 'episode':
      return vscode.l10n.t('Episode');
    case 'show':
      return vscode.l10n.t('Podcast');
  }
}

/** The kind inside a sentence ("Spotify has no track with this id"). */
function kindNoun(kind: SpotifyLinkKind): string {
  switch (kind) {
    case 'track':
      return vscode.l10n.t('track');
    case 'album':
      return vscode.l10n.t('album');
    case 'playlist':
      return vscode.l10n.t('playlist');
    case 'artist':
      return vscode.l10n.t('artist');
    case 'episode':
      return vscode.l10n.t('episode');
    case 'show':
      return vscode.l10n.t('podcast');
  }
}

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
    if (!isSpotifyId(link.id)) return Promise.resolve({ lines: [], notice: vscode.l10n.t('This is not a valid Spotify {0} link: the id is malformed.', kindNoun(link.kind)) });
    const account = this.library.currentAccountId;
    if (!account) return Promise.resolve({ lines: [], notice: vscode.l10n.t('Sign in to Spotify to see what this link is.') });
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
      if (liked) return { ...trackFacts(liked), library: liked.addedAt ? vscode.l10n.t('In your Liked Songs (since {0})', formatDate(liked.addedAt) ?? '') : vscode.l10n.t('In your Liked Songs') };
    }
    if (kind === 'playlist') {
      const playlist = this.library.playlists.items.find((candidate) => candidate.id === id);
      if (playlist) {
        const lines: Array<[string, string]> = [[vscode.l10n.t('Owner'), playlist.ownerName]];
        if (playlist.total !== undefined) lines.push([vscode.l10n.t('Tracks'), formatCount(playlist.total)]);
        return { title: playlist.name, lines, library: vscode.l10n.t('In your playlists') };
      }
    }
    return undefined;
  }

  #libraryWord(kind: SpotifyLinkKind): string | undefined {
    const { liked, playlists } = this.library;
    if (kind === 'track' && liked.isLoaded && !liked.hasMore) return vscode.l10n.t('Not in your Liked Songs');
    if (kind === 'playlist' && playlists.isLoaded && !playlists.hasMore) return vscode.l10n.t('Not in your playlists');
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
  const word = kindNoun(kind);
  if (error instanceof NotFoundError) return vscode.l10n.t('Spotify has no {0} with this id: it was removed or never existed.', word);
  if (error instanceof ForbiddenError) return vscode.l10n.t('Spotify does not let this app read this {0}.', word);
  if (error instanceof NotSignedInError || error instanceof SessionExpiredError) return vscode.l10n.t('Sign in to Spotify to see what this link is.');
  if (isMalformed(error)) return vscode.l10n.t('Spotify says this is not a valid {0} id.', word);
  if (error instanceof SpotifyError) return vscode.l10n.t('Could not ask Spotify about this {0}: {1}', word, error.message);
  return vscode.l10n.t('Could not ask Spotify about this {0}.', word);
}

function trackFacts(track: TrackRecord): LinkFacts {
  const lines: Array<[string, string]> = [];
  if (track.kind === 'episode') {
    if (track.byline) lines.push([vscode.l10n.t('Podcast'), track.byline]);
  } else {
    if (track.byline) lines.push([vscode.l10n.t('Artists'), track.byline]);
    if (track.album) lines.push([vscode.l10n.t('Album'), track.album]);
  }
  const duration = formatDuration(track.durationMs);
  if (duration) lines.push([vscode.l10n.t('Duration'), duration]);
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
      add(vscode.l10n.t('Artists'), names(item.artists));
      add(vscode.l10n.t('Album'), str(obj(item.album)?.name));
      add(vscode.l10n.t('Duration'), formatDuration(num(item.duration_ms)) || undefined);
      break;
    case 'episode':
      add(vscode.l10n.t('Podcast'), str(obj(item.show)?.name));
      add(vscode.l10n.t('Duration'), formatDuration(num(item.duration_ms)) || undefined);
      add(vscode.l10n.t('Released'), formatReleaseDate(str(item.release_date)));
      break;
    case 'album': {
      add(vscode.l10n.t('Artists'), names(item.artists));
      add(vscode.l10n.t('Released'), formatReleaseDate(str(item.release_date)));
      const total = num(item.total_tracks);
      add(vscode.l10n.t('Tracks'), total === undefined ? undefined : formatCount(total));
      break;
    }
    case 'playlist': {
      const owner = obj(item.owner);
      add(vscode.l10n.t('Owner'), str(owner?.display_name) ?? str(owner?.id));
      const total = num(obj(item.items)?.total) ?? num(obj(item.tracks)?.total);
      add(vscode.l10n.t('Tracks'), total === undefined ? undefined : formatCount(total));
      break;
    }
    case 'show': {
      add(vscode.l10n.t('Publisher'), str(item.publisher));
      const total = num(item.total_episodes);
      add(vscode.l10n.t('Episodes'), total === undefined ? undefined : formatCount(total));
      break;
    }
    case 'artist':
      add(vscode.l10n.t('Genres'), Array.isArray(item.genres) ? item.genres.filter((g) => typeof g === 'string').join(', ') || undefined : undefined);
      break;
  }
  const title = str(item.name);
  return title ? { title, lines } : { lines, notice: vscode.l10n.t('Spotify sent nothing readable about this {0}.', kindNoun(kind)) };
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
  if (facts.title) md.appendMarkdown(`**${escapeMarkdown(facts.title)}** · ${escapeMarkdown(kindTitle(link.kind))}\n\n`);
  else md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t('Spotify {0}', kindNoun(link.kind)))}\n\n`);
  if (facts.notice) md.appendMarkdown(`${escapeMarkdown(facts.notice)}\n\n`);
  for (const [label, value] of facts.lines) md.appendMarkdown(`${label}: ${escapeMarkdown(value)}  \n`);
  if (facts.library) md.appendMarkdown(`${escapeMarkdown(facts.library)}  \n`);
  if (isSpotifyId(link.id)) {
    const target = { kind: link.kind, id: link.id, url: `https://open.spotify.com/${link.kind}/${link.id}`, uri: `spotify:${link.kind}:${link.id}` };
    const args = encodeURIComponent(JSON.stringify([target]));
    const open = escapeMarkdown(vscode.l10n.t('Open in Spotify'));
    md.appendMarkdown(`\n[${open}](command:${OPEN_LINK_COMMAND}?${args} "${open}")`);
    if (PLAY_LINK_COMMAND) md.appendMarkdown(` · [${escapeMarkdown(vscode.l10n.t('Play'))}](command:${PLAY_LINK_COMMAND}?${args} "${escapeMarkdown(vscode.l10n.t('Play in Spotify'))}")`);
  }
  return md;
}
