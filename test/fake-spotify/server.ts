// A fake Spotify (accounts service + Web API /v1) on 127.0.0.1 for tests and the benchmark.
// Per request: count it, apply latency and faults, check the token, answer, log (never a secret).
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAuthorize, handleDecision, handleRedirectPage, handleToken, REDIRECT_PAGE_PATH } from './accounts';
import { apiRoute, handleApi } from './api';
import { CONTROL_ENDPOINTS, handleControl, HarnessHooks } from './control';
import { handleItemsApi, itemRoute } from './itemsApi';
import { handleSearchApi, searchRoute } from './searchApi';
import { handleSectionsApi, sectionRoute } from './sectionsApi';
import { handleWritesApi, writeRoute } from './writesApi';
import { playerRoute } from './player';
import { FAKE_CLIENT_ID, FIXTURE_PLAYLISTS } from './fixtures';
import { handleImageCdn } from './images';
import { apiError, readBody, Reply, sleep } from './http';
import { FakeState } from './state';

export type { HarnessHooks, WorkbenchNotification, WorkbenchQuickInput } from './control';
export type { BrowserOpen, FakeFaults, FakeStats, FakeSwitches, LogEntry, ResetOptions } from './state';
export type { IssuedSecrets, RefreshMode, TokenResponse } from './tokens';
export { FakeState, CONTROL_ENDPOINTS };

export interface FakeSpotifyOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  /** Liked songs (default 2000). */
  liked?: number;
  /** Generated ordinary playlists besides the fixtures (default 30). */
  playlists?: number;
  /** Saved albums (500), followed artists (300), saved shows (80), saved episodes (120) by default. */
  albums?: number;
  artists?: number;
  shows?: number;
  episodes?: number;
  latencyMs?: number;
  autoApprove?: boolean;
  expiresIn?: number;
}

export interface FakeSpotify {
  /** http://127.0.0.1:PORT, the accounts base. */
  readonly url: string;
  /** url + '/v1'. */
  readonly apiUrl: string;
  /** In-process control, same abilities as the HTTP control API. */
  readonly state: FakeState;
  setHarness(h: HarnessHooks): void;
  close(): Promise<void>;
}

const SERVER_ERROR_TEXT: Record<number, string> = { 500: 'Server error.', 502: 'Bad gateway.', 503: 'Service unavailable' };
const FORBIDDEN_TEXT = {
  premiumRequired: 'Active premium subscription required for the owner of the app.',
  userNotRegistered: 'Check settings on developer.spotify.com/dashboard, the user may not be registered.',
};
const SECRET_QUERY_KEYS = new Set(['code', 'code_verifier', 'refresh_token', 'access_token', 'client_secret']);

function redactedQuery(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of params) query[key] = SECRET_QUERY_KEYS.has(key) ? '[redacted]' : value;
  return query;
}

/** A Web API request's JSON body as the log keeps it (the token endpoint's form bodies never get here). */
function loggedBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body.slice(0, 200);
  }
}

function rateLimitReply(retryAfterSeconds: number, quotaExceeded: boolean, omitRetryAfter = false): Reply {
  const headers: Record<string, string> = omitRetryAfter ? {} : { 'retry-after': String(retryAfterSeconds) };
  return quotaExceeded
    ? apiError(429, 'Your application has exceeded its quota', { reason: 'QUOTA_EXCEEDED' }, headers)
    : apiError(429, 'API rate limit exceeded', {}, headers);
}

/**
 * CORS as Spotify answers it, so a browser-hosted extension (the web build) can call the Web API
 * and the token endpoint; the control API too, for the tests in the web worker. Pages (authorize,
 * consent, redirect) get none, as Spotify's pages do.
 */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS, PUT, DELETE, PATCH',
  'access-control-allow-headers': 'Accept, Authorization, Content-Type, Origin, Retry-After',
  'access-control-expose-headers': 'Retry-After',
  'access-control-max-age': '604800',
};

function answersCors(path: string): boolean {
  return path === '/api/token' || path === '/v1' || path.startsWith('/v1/') || path === '/__fake' || path.startsWith('/__fake/');
}

function send(res: ServerResponse, reply: Reply): number {
  const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
  return body.length;
}

export async function startFakeSpotify(options: FakeSpotifyOptions = {}): Promise<FakeSpotify> {
  const state = new FakeState({
    seed: options.seed ?? 1,
    liked: options.liked ?? 2000,
    playlists: options.playlists ?? 30,
    albums: options.albums,
    artists: options.artists,
    shows: options.shows,
    episodes: options.episodes,
    autoApprove: options.autoApprove ?? false,
    expiresIn: options.expiresIn ?? 3600,
    latencyMs: options.latencyMs ?? 0,
  });
  let harness: HarnessHooks = {};
  const stalled = new Set<ServerResponse>();

  async function answer(req: IncomingMessage, url: URL, isApi: boolean, body: string): Promise<{ reply?: Reply; transport?: 'drop' | 'stall' }> {
    const path = url.pathname;
    // Counted on arrival: a request inside an open Retry-After window is the client's mistake.
    const retryLeft = isApi ? state.retryAfterLeft() : 0;
    const clientId = isApi ? state.auth.clientIdOf(req.headers.authorization) : undefined;
    const budget = clientId !== undefined && retryLeft === 0 ? state.budget.admit(clientId) : undefined;
    const latency = state.switches().latencyMs;
    if (latency > 0 && (isApi || path === '/api/token')) await sleep(latency);
    const writeLatency = state.switches().writeLatencyMs;
    if (writeLatency > 0 && isApi && req.method !== 'GET') await sleep(writeLatency);
    if (retryLeft > 0) {
      state.noteRateLimited(0);
      return { reply: rateLimitReply(retryLeft, false) };
    }
    if (budget && !budget.ok) {
      state.noteRateLimited(0); // the model keeps its own per-app windows
      return { reply: rateLimitReply(budget.retryAfterSeconds, false) };
    }

    const fault = state.takeFault(path, isApi, req.method);
    if (fault?.kind === 'drop' || fault?.kind === 'stall') return { transport: fault.kind };
    if (fault?.kind === 'rateLimit') {
      state.noteRateLimited(fault.omitRetryAfter ? 0 : fault.retryAfterSeconds);
      return { reply: rateLimitReply(fault.retryAfterSeconds, fault.quotaExceeded, fault.omitRetryAfter) };
    }
    if (fault?.kind === 'serverError') return { reply: apiError(fault.status, SERVER_ERROR_TEXT[fault.status] ?? 'Server error.') };

    if (isApi) {
      const check = state.auth.check(req.headers.authorization);
      if (!check.ok) {
        const challenge = check.message === 'No token provided' ? 'Bearer realm="spotify"' : `Bearer realm="spotify", error="invalid_token", error_description="${check.message}"`;
        return { reply: apiError(check.status, check.message, {}, check.status === 401 ? { 'www-authenticate': challenge } : {}) };
      }
      if (state.takeMissingToken()) return { reply: apiError(401, 'Access token missing') };
      const forbidden = state.forbidden();
      if (forbidden) return { reply: apiError(403, FORBIDDEN_TEXT[forbidden]) };
      return { reply: state.player.handle(req, url, check.scope, body) ?? handleWritesApi(state, req, url, check.scope, body) ?? handleItemsApi(state, req, url) ?? handleSearchApi(state, req, url) ?? handleSectionsApi(state, req, url, check.scope) ?? handleApi(state, req, url, check.scope) };
    }
    if (path === '/authorize' && req.method === 'GET') return { reply: handleAuthorize(state, url) };
    if (path === '/authorize/decision' && req.method === 'POST') return { reply: handleDecision(state, body) };
    if (path === '/api/token') return { reply: handleToken(state, req, body) };
    if (path === REDIRECT_PAGE_PATH && req.method === 'GET') return { reply: handleRedirectPage(url) };
    if (req.method === 'GET') {
      const image = handleImageCdn(path);
      if (image) return { reply: image };
    }
    if (path === '/' && req.method === 'GET') {
      return { reply: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `Fake Spotify\naccounts: ${state.baseUrl}\napi: ${state.apiUrl}\ncontrol: ${state.baseUrl}/__fake/info\n` } };
    }
    return { reply: { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', state.baseUrl);
    const path = url.pathname;
    if (answersCors(path)) {
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      // The browser's preflight: answered before anything is counted, as it is no request of the client's.
      if (req.method === 'OPTIONS') {
        send(res, { status: 204 });
        return;
      }
    }
    if (path === '/__fake' || path.startsWith('/__fake/')) {
      send(res, await handleControl(state, harness, req, url, await readBody(req)));
      return;
    }
    const started = Date.now();
    const isApi = path === '/v1' || path.startsWith('/v1/');
    state.countRequest(isApi ? playerRoute(path) ?? writeRoute(path, req.method ?? 'GET') ?? itemRoute(path) ?? searchRoute(path) ?? sectionRoute(path) ?? apiRoute(path) : path, isApi ? 'api' : path === '/api/token' ? 'token' : path === '/authorize' ? 'authorize' : 'other');
    if (isApi) state.enterApi();
    let bytes = 0;
    // Read before anything else, so a body is logged even for a refused request.
    const requestBody = await readBody(req);
    res.on('close', () => {
      if (isApi) state.leaveApi();
      stalled.delete(res);
      state.record({ at: new Date(started).toISOString(), method: req.method ?? 'GET', path, query: redactedQuery(url.searchParams), status: res.headersSent ? res.statusCode : 0, ms: Date.now() - started, bytes, ...(isApi && requestBody ? { body: loggedBody(requestBody) } : {}) });
    });

    const { reply, transport } = await answer(req, url, isApi, requestBody);
    if (transport === 'drop') {
      req.socket.destroy();
      return;
    }
    if (transport === 'stall' || !reply) {
      stalled.add(res);
      return;
    }
    const isJson = reply.status === 200 && /json/.test(reply.headers?.['content-type'] ?? '');
    if (isJson && reply.body && state.takeMalformedJson(path, isApi)) {
      const whole = Buffer.from(reply.body);
      reply.body = whole.subarray(0, Math.floor(whole.length / 2));
    }
    bytes = send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake-spotify error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    apiUrl: state.apiUrl,
    state,
    setHarness(h: HarnessHooks) {
      harness = h;
    },
    close() {
      for (const res of stalled) res.destroy();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** What the fake serves, for the CLI and logs. */
export function describeFake(fake: FakeSpotify): string {
  const lib = fake.state.library;
  const lines = [
    `Fake Spotify listening`,
    `  accounts  ${fake.url}   (authorize: ${fake.url}/authorize, token: ${fake.url}/api/token)`,
    `  web api   ${fake.apiUrl}`,
    `  client id ${FAKE_CLIENT_ID}   redirect: http://127.0.0.1:<any port>/callback, http://[::1]:<any port>/callback or ${fake.url}${REDIRECT_PAGE_PATH}`,
    `  redirect page ${fake.url}${REDIRECT_PAGE_PATH} (stands in for https://vscode.dev/redirect)`,
    `  library   ${lib.liked.length} liked songs, ${lib.playlists.length} playlists (seed ${lib.seed})`,
    `  sections  ${Object.entries(fake.state.sections.counts()).map(([k, v]) => `${v} ${k}`).join(', ')} (GET /__fake/sections for fixture ids)`,
    `  switches  ${JSON.stringify(fake.state.switches())}`,
    `  fixture playlists:`,
    ...Object.entries(FIXTURE_PLAYLISTS).map(([name, id]) => `    ${name.padEnd(14)} ${id}  (${lib.playlist(id)?.entries.length ?? 0} entries)`),
    `  control (JSON, ${fake.url}):`,
    ...CONTROL_ENDPOINTS.map((e) => `    ${e}`),
  ];
  return lines.join('\n');
}
