// api.spotify.com/v1/search as development-mode apps get it in 2026: `q` and `type` required,
// `limit` 1-10 (default 5), `offset` 0-1000, one paging object per type asked for. Spotify's own
// href/next links name the query `query=` and the single type of their list; both forms are taken.
import type { IncomingMessage } from 'node:http';
import { isReply, market } from './api';
import { apiError, json, Reply } from './http';
import { matching, queryWords, SEARCH_TYPES, searchIndex, type SearchType } from './searchCatalog';
import type { FakeState } from './state';

export const SEARCH_MAX_LIMIT = 10;
export const SEARCH_DEFAULT_LIMIT = 5;
export const SEARCH_MAX_OFFSET = 1000;

/** The key of each type's paging object in the answer, in Spotify's order. */
const RESULT_KEYS: Record<SearchType, string> = { track: 'tracks', artist: 'artists', album: 'albums', playlist: 'playlists', show: 'shows', episode: 'episodes', audiobook: 'audiobooks' };

export function searchRoute(path: string): string | undefined {
  return path.replace(/\/$/, '') === '/v1/search' ? '/v1/search' : undefined;
}

function whole(text: string | null, fallback: number): number {
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

export function handleSearchApi(state: FakeState, req: IncomingMessage, url: URL): Reply | undefined {
  if (!searchRoute(url.pathname)) return undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(405, 'Method not allowed');
  const params = url.searchParams;
  const q = params.get('q') ?? params.get('query');
  if (q === null || q.trim() === '') return apiError(400, 'No search query');
  const typeText = params.get('type');
  if (typeText === null || typeText.trim() === '') return apiError(400, 'Missing parameter type');
  const types = typeText.split(',').map((t) => t.trim());
  const unknown = types.find((t) => !(SEARCH_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined) return apiError(400, `Bad search type field ${unknown}`);
  const limit = whole(params.get('limit'), SEARCH_DEFAULT_LIMIT);
  if (!(limit >= 1 && limit <= SEARCH_MAX_LIMIT)) return apiError(400, 'Invalid limit');
  const offset = whole(params.get('offset'), 0);
  if (!(offset >= 0 && offset <= SEARCH_MAX_OFFSET)) return apiError(400, 'Invalid offset');
  const marketCode = market(url);
  if (isReply(marketCode)) return marketCode;

  const index = searchIndex(state);
  const words = queryWords(q);
  const link = (type: SearchType, at: number): string => {
    const query = new URLSearchParams({ query: q, type, offset: String(at), limit: String(limit) });
    if (marketCode) query.set('market', marketCode);
    return `${state.apiUrl}/search?${query}`;
  };
  const answer: Record<string, unknown> = {};
  for (const type of SEARCH_TYPES) {
    if (!types.includes(type)) continue;
    const found = matching(index.byType[type], words);
    const items = found.slice(offset, offset + limit).map((item) => item.render({ apiUrl: state.apiUrl, market: marketCode }));
    // No page starts beyond the largest offset Spotify takes.
    const hasNext = offset + limit < found.length && offset + limit <= SEARCH_MAX_OFFSET;
    answer[RESULT_KEYS[type]] = {
      href: link(type, offset),
      items,
      limit,
      next: hasNext ? link(type, offset + limit) : null,
      offset,
      previous: offset > 0 ? link(type, Math.max(0, offset - limit)) : null,
      total: found.length,
    };
  }
  return json(200, answer, true);
}
