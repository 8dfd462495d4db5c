// /__fake/*: the HTTP form of FakeState, for tests that run in another process (the extension host).
// Not counted in stats or the request log.
import type { IncomingMessage } from 'node:http';
import { EDGE_CASES, FAKE_CLIENT_ID, FAKE_USER, FIXTURE_PLAYLISTS } from './fixtures';
import { json, Reply } from './http';
import type { FakeState } from './state';

export interface HarnessHooks {
  /** Saves a screenshot of what the harness shows; returns the saved path. */
  screenshot?(name: string): Promise<string>;
}

export const CONTROL_ENDPOINTS = [
  'GET  /__fake/info',
  'POST /__fake/reset            {seed?, liked?, playlists?, revokeTokens?}',
  'GET|POST /__fake/config       {autoApprove, decline, refreshMode, expiresIn, legacyTracksAlias, legacyPlaylistShape, latencyMs, registeredClientIds, retryAfterGraceMs}',
  'GET|POST /__fake/faults       {rateLimit, serverErrors, malformedJson, dropConnection, stall, missingToken, forbidden}',
  'POST /__fake/faults/clear',
  'POST /__fake/tokens/expire',
  'POST /__fake/tokens/issue     {scope?, clientId?}',
  'GET  /__fake/tokens',
  'POST /__fake/library/like     {count}',
  'POST /__fake/library/unlike   {count}',
  'POST /__fake/playlists/{id}/add {count}',
  'GET  /__fake/stats',
  'GET  /__fake/log | POST /__fake/log/clear',
  'GET|POST|DELETE /__fake/browser-opens {url}',
  'POST /__fake/harness/screenshot {name}',
];

function bad(message: string): Reply {
  return json(400, { error: message });
}

function count(body: Record<string, unknown>): number {
  const n = body.count ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error('count must be a non-negative integer');
  return n;
}

export async function handleControl(state: FakeState, harness: HarnessHooks, req: IncomingMessage, url: URL, rawBody: string): Promise<Reply> {
  let body: Record<string, unknown>;
  try {
    body = rawBody.trim() ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('body must be a JSON object');
  } catch {
    return bad('body is not JSON');
  }
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__fake/info':
        return json(200, {
          url: state.baseUrl,
          apiUrl: state.apiUrl,
          clientId: FAKE_CLIENT_ID,
          user: FAKE_USER,
          liked: state.library.liked.length,
          playlists: state.library.playlists.length,
          fixtures: FIXTURE_PLAYLISTS,
          edgeCases: EDGE_CASES,
          switches: state.switches(),
        });
      case 'POST /__fake/reset':
        state.reset(body as never);
        return json(200, { ok: true, liked: state.library.liked.length, playlists: state.library.playlists.length });
      case 'GET /__fake/config':
        return json(200, state.switches());
      case 'POST /__fake/config':
        return json(200, state.configure(body));
      case 'GET /__fake/faults':
        return json(200, state.faults());
      case 'POST /__fake/faults':
        return json(200, state.setFaults(body));
      case 'POST /__fake/faults/clear':
        state.clearFaults();
        return json(200, state.faults());
      case 'POST /__fake/tokens/expire':
        return json(200, { expired: state.expireTokens() });
      case 'POST /__fake/tokens/issue':
        return json(200, state.issueTokens(body.scope as string | undefined, body.clientId as string | undefined));
      case 'GET /__fake/tokens':
        return json(200, state.tokens());
      case 'POST /__fake/library/like':
        return json(200, state.like(count(body)));
      case 'POST /__fake/library/unlike':
        return json(200, state.unlike(count(body)));
      case 'GET /__fake/stats':
        return json(200, state.stats());
      case 'GET /__fake/log':
        return json(200, state.log());
      case 'POST /__fake/log/clear':
        state.clearLog();
        return json(200, { ok: true });
      case 'GET /__fake/browser-opens':
        return json(200, state.browserOpens());
      case 'POST /__fake/browser-opens':
        if (typeof body.url !== 'string') return bad('url must be a string');
        state.recordBrowserOpen(body.url);
        return json(200, state.browserOpens());
      case 'DELETE /__fake/browser-opens':
        state.clearBrowserOpens();
        return json(200, []);
      case 'POST /__fake/harness/screenshot': {
        if (!harness.screenshot) return json(501, { error: 'no harness screenshot hook set' });
        if (typeof body.name !== 'string' || !body.name) return bad('name must be a string');
        return json(200, { path: await harness.screenshot(body.name) });
      }
    }
    const add = /^POST \/__fake\/playlists\/([^/]+)\/add$/.exec(route);
    if (add) {
      const result = state.addToPlaylist(decodeURIComponent(add[1]), count(body));
      return result ? json(200, result) : json(404, { error: 'unknown playlist' });
    }
    return json(404, { error: `unknown control endpoint ${route}`, endpoints: CONTROL_ENDPOINTS });
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}
