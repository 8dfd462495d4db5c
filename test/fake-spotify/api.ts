// api.spotify.com/v1: the endpoints the extension uses, with Spotify's limits, errors and paging links.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { applyFields, FieldSpec, FieldsSyntaxError, parseFields } from './fields';
import { apiError, json, Reply } from './http';
import { playlistAccess, renderLikedEntry, renderMe, renderPlaylist, renderPlaylistEntry, RenderContext } from './library';
import type { FakeState } from './state';

const PLAYLIST_PATH = /^\/v1\/playlists\/([^/]+)(\/items|\/tracks)?\/?$/;

/** The route template a request is counted under in stats.byRoute. */
export function apiRoute(path: string): string {
  const m = PLAYLIST_PATH.exec(path);
  if (m) return `/v1/playlists/{id}${m[2] ?? ''}`;
  return path.replace(/\/$/, '');
}

export type Parsed<T> = T | Reply;
export function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x;
}

export function paging(url: URL, maxLimit: number): Parsed<{ limit: number; offset: number }> {
  const q = url.searchParams;
  const limitText = q.get('limit');
  const offsetText = q.get('offset');
  const limit = limitText === null ? 20 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= maxLimit)) return apiError(400, 'Invalid limit');
  const offset = offsetText === null ? 0 : /^\d+$/.test(offsetText) ? Number(offsetText) : NaN;
  if (!(offset >= 0)) return apiError(400, 'Invalid offset');
  return { limit, offset };
}

export function market(url: URL): Parsed<string | undefined> {
  const m = url.searchParams.get('market');
  if (m === null) return undefined;
  return m === 'from_token' || /^[A-Z]{2}$/.test(m) ? m : apiError(400, 'Invalid market code');
}

function fieldSpec(url: URL): Parsed<FieldSpec | undefined> {
  const f = url.searchParams.get('fields');
  if (f === null) return undefined;
  try {
    return parseFields(f);
  } catch (error) {
    if (error instanceof FieldsSyntaxError) return apiError(400, 'Invalid fields parameter');
    throw error;
  }
}

/** Absolute links on the fake; like Spotify, next/previous lose `episode` from additional_types. */
export function pageObject(state: FakeState, url: URL, offset: number, limit: number, total: number, items: unknown[]) {
  const link = (at: number, forNavigation: boolean): string => {
    const q = new URLSearchParams({ offset: String(at), limit: String(limit) });
    for (const [key, value] of url.searchParams) {
      if (key === 'offset' || key === 'limit') continue;
      if (forNavigation && key === 'additional_types') {
        const kept = value.split(',').filter((t) => t !== 'episode');
        if (kept.length) q.append(key, kept.join(','));
        continue;
      }
      q.append(key, value);
    }
    return `${state.baseUrl}${url.pathname}?${q}`;
  };
  return {
    href: link(offset, false),
    items,
    limit,
    next: offset + limit < total ? link(offset + limit, true) : null,
    offset,
    previous: offset > 0 ? link(Math.max(0, offset - limit), true) : null,
    total,
  };
}

/** Sends the JSON with an ETag, or 304 when If-None-Match already has it. */
function withEtag(req: IncomingMessage, value: unknown): Reply {
  const reply = json(200, value, true, { 'cache-control': 'private, max-age=0' });
  const etag = `"${createHash('sha1').update(reply.body!).digest('base64url')}"`;
  const seen = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (seen.includes(etag)) return { status: 304, headers: { etag, 'cache-control': 'private, max-age=0' } };
  reply.headers!.etag = etag;
  return reply;
}

function filtered(value: unknown, spec: FieldSpec | undefined): unknown {
  return spec ? applyFields(value, spec) : value;
}

export function handleApi(state: FakeState, req: IncomingMessage, url: URL, scope: string): Reply {
  const path = url.pathname;
  const lib = state.library;
  const switches = state.switches();
  const shape = { legacyPlaylistShape: switches.legacyPlaylistShape, legacyTracksAlias: switches.legacyTracksAlias };
  const known = path === '/v1/me' || path === '/v1/me/tracks' || path === '/v1/me/playlists' || PLAYLIST_PATH.test(path);
  if (!known) return apiError(404, 'Service not found');
  if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(405, 'Method not allowed');

  if (path === '/v1/me') return json(200, renderMe(state.apiUrl), true);

  if (path === '/v1/me/tracks') {
    if (!scope.split(' ').includes('user-library-read')) return apiError(403, 'Insufficient client scope');
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const m = market(url);
    if (isReply(m)) return m;
    const ctx: RenderContext = { apiUrl: state.apiUrl, market: m };
    const items = lib.liked.slice(page.offset, page.offset + page.limit).map((e) => renderLikedEntry(lib.seed, e, ctx));
    return json(200, pageObject(state, url, page.offset, page.limit, lib.liked.length, items), true);
  }

  if (path === '/v1/me/playlists') {
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const items = lib.playlists
      .slice(page.offset, page.offset + page.limit)
      .map((p, i) => (switches.nullPlaylistsAt.includes(page.offset + i) ? null : renderPlaylist(lib, p, state.apiUrl, shape, false)));
    return json(200, pageObject(state, url, page.offset, page.limit, lib.playlists.length, items), true);
  }

  const [, id, sub] = PLAYLIST_PATH.exec(path)!;
  const legacy = sub === '/tracks';
  // A server without /items answers it as any unknown route, before looking at the playlist.
  if (sub === '/items' && switches.itemsEndpointMissing) return apiError(404, 'Service not found');
  // The old endpoint is gone for development-mode apps, whatever the playlist.
  if (legacy && !switches.legacyTracksAlias && !switches.itemsEndpointMissing) return apiError(403, 'Forbidden');
  const spec = fieldSpec(url);
  if (isReply(spec)) return spec;
  const m = market(url);
  if (isReply(m)) return m;
  const playlist = lib.playlist(id);
  const access = playlistAccess(playlist);
  if (access === 'notFound' || !playlist) return apiError(404, 'Resource not found');

  if (!sub) return withEtag(req, filtered(renderPlaylist(lib, playlist, state.apiUrl, shape, true), spec));

  const page = paging(url, legacy ? 100 : 50);
  if (isReply(page)) return page;
  if (access === 'forbidden') return apiError(403, 'Forbidden');
  const ctx: RenderContext = { apiUrl: state.apiUrl, market: m };
  const entries = playlist.entries.slice(page.offset, page.offset + page.limit).map((e) => renderPlaylistEntry(lib.seed, e, ctx, !legacy));
  return withEtag(req, filtered(pageObject(state, url, page.offset, page.limit, playlist.entries.length, entries), spec));
}
