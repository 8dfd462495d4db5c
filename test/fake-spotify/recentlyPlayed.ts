// GET /v1/me/player/recently-played: the last 50 plays of tracks (Spotify lists no episodes there),
// newest first, cursor paging by Unix ms (`before` or `after`, not both). Scope
// user-read-recently-played; without it Spotify answers 403 "Insufficient client scope" (reported in
// spotify/web-api#1518 and Aveek-Saha/spotify-box#3), not the 401 of the other player reads.
import { apiError, json, Reply } from './http';
import type { Json } from './library';
import type { FakeState } from './state';

export const RECENTLY_PLAYED_SCOPE = 'user-read-recently-played';
export const MAX_PLAYS = 50;

export interface Play {
  uri: string;
  playedAt: number;
  contextUri: string | null;
  render: () => Json;
}

/** A context as Spotify describes it in the player and in the history. */
export function contextObject(apiUrl: string, uri: string | null): Json | null {
  if (!uri) return null;
  if (/^spotify:user:[^:]+:collection$/.test(uri)) return { type: 'collection', uri, href: `${apiUrl}/me/tracks`, external_urls: { spotify: 'https://open.spotify.com/collection/tracks' } };
  const [, type, id] = uri.split(':');
  return { type, uri, href: `${apiUrl}/${type}s/${id}`, external_urls: { spotify: `https://open.spotify.com/${type}/${id}` } };
}

/** What was played, newest first; only the last MAX_PLAYS are kept. */
export class PlayHistory {
  private plays: Play[] = [];

  record(play: Play): void {
    if (!play.uri.startsWith('spotify:track:')) return;
    // Two plays never share a played_at (each lasts a while on Spotify); the cursors rely on it. Two skips in one millisecond here would.
    while (this.plays.some((p) => p.playedAt === play.playedAt)) play = { ...play, playedAt: play.playedAt + 1 };
    const at = this.plays.findIndex((p) => p.playedAt <= play.playedAt);
    this.plays.splice(at < 0 ? this.plays.length : at, 0, play);
    this.plays.splice(MAX_PLAYS);
  }

  clear(): void {
    this.plays = [];
  }

  list(): readonly Play[] {
    return this.plays;
  }

  /** For the control API's asserts. */
  summary(): Array<{ uri: string; playedAt: string; contextUri: string | null }> {
    return this.plays.map((p) => ({ uri: p.uri, playedAt: new Date(p.playedAt).toISOString(), contextUri: p.contextUri }));
  }
}

function unixMs(text: string | null): number | undefined | null {
  if (text === null) return undefined;
  return /^\d+$/.test(text) ? Number(text) : null;
}

export function recentlyPlayedReply(state: FakeState, url: URL, history: PlayHistory): Reply {
  const q = url.searchParams;
  const limitText = q.get('limit');
  const limit = limitText === null ? 20 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_PLAYS)) return apiError(400, 'Invalid limit');
  const after = unixMs(q.get('after'));
  const before = unixMs(q.get('before'));
  if (after === null) return apiError(400, 'Invalid after parameter');
  if (before === null) return apiError(400, 'Invalid before parameter');
  if (after !== undefined && before !== undefined) return apiError(400, 'Only one of after or before may be given');
  const plays = history.list();
  let page: readonly Play[];
  if (after !== undefined) {
    // The `limit` plays just after the cursor, still newest first.
    const newer = plays.filter((p) => p.playedAt > after);
    page = newer.slice(Math.max(0, newer.length - limit));
  } else {
    page = plays.filter((p) => before === undefined || p.playedAt < before).slice(0, limit);
  }
  const oldest = page[page.length - 1];
  const older = oldest ? plays.some((p) => p.playedAt < oldest.playedAt) : false;
  const link = (params: Record<string, string>) => `${state.apiUrl}/me/player/recently-played?${new URLSearchParams(params)}`;
  const hrefParams: Record<string, string> = {};
  for (const [key, value] of q) hrefParams[key] = value;
  return json(200, {
    items: page.map((p) => ({ track: p.render(), played_at: new Date(p.playedAt).toISOString(), context: contextObject(state.apiUrl, p.contextUri) })),
    next: older && oldest ? link({ before: String(oldest.playedAt), limit: String(limit) }) : null,
    cursors: page.length ? { after: String(page[0].playedAt), before: String(oldest.playedAt) } : null,
    limit,
    href: link(hrefParams),
  }, true);
}
