import type { Logger } from '../common/logger';
import type { AccessTokenSource } from './accessTokenSource';
import {
  BadResponseError,
  CancelledError,
  ForbiddenError,
  type ForbiddenReason,
  NetworkError,
  NoActiveDeviceError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  SessionExpiredError,
  SpotifyError,
} from './errors';
import { describeRateLimit } from './rateLimitWords';
import { type RequestBudget } from '../common/requestBudget';
import { RequestGate, type RequestLane, sleep, systemClock } from './requestGate';
import { l10n } from '../common/l10n';

export interface SpotifyClientOptions {
  /** Read on every request, so a settings change applies without a reload. */
  baseUrl: () => string;
  tokens: AccessTokenSource;
  logger: Logger;
  fetch?: typeof fetch;
  /** Interactive requests on the wire at once. */
  maxInFlight?: number;
  /** The ceiling of the request budget both lanes share (default: DEFAULT_REQUEST_BUDGET, an assumption). */
  budget?: RequestBudget;
  requestTimeoutMs?: number;
  /** Rate-limit waits up to this long happen by themselves; longer ones fail at once. */
  maxAutoWaitMs?: number;
  /** Longest Retry-After believed: Spotify has sent a day; a client must still come back. */
  maxRetryAfterMs?: number;
  /** Base of the exponential backoff for 5xx and network failures. */
  backoffBaseMs?: number;
  now?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * 'interactive' (the default): the user is waiting, it goes out at once. 'background': indexing
   * and revalidation, paced under the request budget behind whatever the user asks for.
   */
  lane?: RequestLane;
}

export type WriteMethod = 'PUT' | 'POST' | 'DELETE';

export interface WriteOptions extends RequestOptions {
  /**
   * Whether a 5xx may be retried: only for a write that can be repeated without harm (saving to
   * the library, removing by URI). Adding to a playlist may have happened before a 5xx came back.
   */
  repeatable?: boolean;
}

/** A JSON response and what it cost, for the benchmark and the debug log. */
export interface ClientStats {
  requests: number;
  bytesReceived: number;
  retries: number;
  /** GETs that joined an identical one already under way instead of sending their own. */
  coalesced: number;
}

/** One GET under way that identical GETs join: it is aborted only when every caller has given up. */
interface SharedGet {
  path: string;
  result: Promise<unknown>;
  lane: RequestLane;
  /** Whether it has left the scheduler: an interactive caller joins a background GET only then. */
  sent: boolean;
  callers: number;
  controller: AbortController;
}

/** Retries per failure kind: 5xx are usually brief; a stall usually is not, so one more try only. */
const MAX_SERVER_RETRIES = 5;
const MAX_NETWORK_RETRIES = 2;
const MAX_TIMEOUT_RETRIES = 1;
const MISSING_TOKEN_RETRY_MS = 300;
/** 429s one request waits out before it fails with the time: the limit is then not a brief one. */
const MAX_RATE_LIMIT_RETRIES = 3;
/** `Retry-After: 0` still means "not now": waiting less would hammer a Spotify that just said no. */
const MIN_RETRY_AFTER_MS = 1_000;
/** Spotify always sends Retry-After; without one, a wait of a few seconds is the safe guess. */
const MISSING_RETRY_AFTER_MS = 5_000;

/**
 * The one Spotify Web API client. Every request goes through one scheduler (an interactive lane,
 * 4 in flight; a background lane paced under the request budget; nothing while rate limited), gets
 * a timeout, and comes back as parsed JSON or as a typed SpotifyError. Identical GETs under way at
 * the same time are sent once.
 */
export class SpotifyClient {
  readonly gate: RequestGate;
  readonly stats: ClientStats = { requests: 0, bytesReceived: 0, retries: 0, coalesced: 0 };
  readonly #shared = new Map<string, SharedGet>();
  readonly #fetchFn: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #backoffBaseMs: number;
  readonly #now: () => number;
  readonly #options: SpotifyClientOptions;

  constructor(options: SpotifyClientOptions) {
    this.#options = options;
    this.#fetchFn = options.fetch ?? fetch;
    this.#timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 24 * 60 * 60 * 1000;
    this.#backoffBaseMs = options.backoffBaseMs ?? 250;
    this.#now = options.now ?? Date.now;
    this.gate = new RequestGate(options.maxInFlight ?? 4, options.maxAutoWaitMs ?? 30_000, { ...systemClock, now: this.#now }, { budget: options.budget });
  }

  /**
   * GET `path` (relative to the API base, with its query) and return the parsed JSON body. A GET
   * identical to one under way joins it (the answer is shared: callers must not mutate it).
   */
  getJson(path: string, options: RequestOptions = {}): Promise<unknown> {
    const { signal } = options;
    const lane = options.lane ?? 'interactive';
    if (signal?.aborted) return Promise.reject(new CancelledError());
    let shared = this.#shared.get(path);
    // A user waiting must not queue behind paced background work: join it only once it is sent.
    const joinable = shared && (shared.lane === lane || shared.sent || lane === 'background');
    if (shared && joinable) {
      this.stats.coalesced++;
    } else {
      const controller = new AbortController();
      const entry: SharedGet = { path, result: Promise.resolve(), lane, sent: false, callers: 0, controller };
      entry.result = this.#requestOnce({ method: 'GET', path, repeatable: true }, lane, controller.signal, () => (entry.sent = true)).finally(() => {
        if (this.#shared.get(path) === entry) this.#shared.delete(path);
      });
      entry.result.catch(() => undefined); // every caller gets the outcome through its own promise
      this.#shared.set(path, entry);
      shared = entry;
    }
    return this.#follow(shared, signal);
  }

  /**
   * A write: PUT, POST or DELETE with a JSON body (or none). Never shared with another request;
   * waits out 429s and refreshes after a 401 as a GET does (neither was applied), and retries a 5xx
   * only when the write is `repeatable`. Resolves to the parsed answer, or undefined for an empty one.
   */
  async sendJson(method: WriteMethod, path: string, body: unknown, options: WriteOptions = {}): Promise<unknown> {
    const signal = options.signal ?? new AbortController().signal;
    if (signal.aborted) throw new CancelledError();
    return this.#requestOnce({ method, path, body: body === undefined ? undefined : JSON.stringify(body), repeatable: options.repeatable ?? false }, options.lane ?? 'interactive', signal, () => undefined);
  }

  /** One caller's view of a shared GET: its own cancellation, the request aborted when nobody waits. */
  #follow(shared: SharedGet, signal: AbortSignal | undefined): Promise<unknown> {
    shared.callers++;
    if (!signal) return shared.result;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (--shared.callers === 0) {
          // Nobody waits for it: a caller arriving now must send its own, not join a cancelled one.
          if (this.#shared.get(shared.path) === shared) this.#shared.delete(shared.path);
          shared.controller.abort();
        }
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.result.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  async #requestOnce(request: OutgoingRequest, lane: RequestLane, signal: AbortSignal, onSent: () => void): Promise<unknown> {
    const { path } = request;
    const log = (status: number | string, started: number, retries: number) => this.#logRequest(request.method, path, status, started, retries);
    const started = this.#now();
    let retries = 0;
    let serverFailures = 0;
    let networkFailures = 0;
    let timeouts = 0;
    let rateLimits = 0;
    let refreshedAfter401 = false;
    let retriedMissingToken = false;

    for (;;) {
      const token = await this.#options.tokens.getAccessToken();
      const release = await this.gate.acquire(signal, lane);
      onSent();
      let response: Response;
      let body: string;
      try {
        ({ response, body } = await this.#send(request, token, signal));
      } catch (error) {
        release();
        if (error instanceof CancelledError) throw error;
        const timedOut = error instanceof TimeoutFailure;
        // A write that may have arrived is not sent twice unless repeating it is harmless.
        const budgetLeft = request.repeatable && (timedOut ? timeouts++ < MAX_TIMEOUT_RETRIES : networkFailures++ < MAX_NETWORK_RETRIES);
        if (budgetLeft) {
          retries++;
          await sleep(this.#backoff(retries), signal);
          continue;
        }
        log(timedOut ? 'timeout' : 'network error', started, retries);
        throw new NetworkError(
          timedOut
            ? l10n.t('Spotify did not answer in time. Check your connection and retry.')
            : l10n.t('Could not reach Spotify. Check your connection and retry.'),
          error,
        );
      }
      release();
      const status = response.status;

      if (status === 429) {
        const retryAfterMs = Math.min(this.#maxRetryAfterMs, parseRetryAfter(response.headers.get('retry-after')));
        const quotaExceeded = readErrorReason(body) === 'QUOTA_EXCEEDED';
        const retryAt = this.#now() + retryAfterMs;
        this.gate.block(retryAt, quotaExceeded);
        this.#options.logger.warn(`[api] ${request.method} ${path} 429: retry after ${Math.round(retryAfterMs / 1000)} s${quotaExceeded ? ' (quota exceeded)' : ''}`);
        if (quotaExceeded || retryAfterMs > (this.#options.maxAutoWaitMs ?? 30_000) || rateLimits++ >= MAX_RATE_LIMIT_RETRIES) {
          log(status, started, retries);
          throw new RateLimitedError(retryAt, quotaExceeded, describeRateLimit(retryAt, quotaExceeded, this.#now()).node);
        }
        retries++;
        continue; // the gate holds this and every other request until the window closes
      }

      if (status === 401) {
        const message = readErrorMessage(body) ?? '';
        // A player read without its scope: the token is fine, a permission is missing (Grant Access).
        if (/permissions missing/i.test(message)) {
          log(status, started, retries);
          throw new ForbiddenError('insufficientScope', FORBIDDEN_MESSAGES.insufficientScope());
        }
        // Spotify has been seen answering a valid token with a transient "missing": one short retry.
        if (/missing|no token/i.test(message) && !retriedMissingToken) {
          retriedMissingToken = true;
          retries++;
          await sleep(MISSING_TOKEN_RETRY_MS, signal);
          continue;
        }
        if (!refreshedAfter401) {
          refreshedAfter401 = true;
          retries++;
          await this.#options.tokens.refreshAfterRejection(token);
          continue;
        }
        log(status, started, retries);
        throw new SessionExpiredError(l10n.t('Spotify no longer accepts this sign-in. Sign in again.'));
      }

      if (status >= 500) {
        if (request.repeatable && serverFailures++ < MAX_SERVER_RETRIES) {
          retries++;
          await sleep(this.#backoff(serverFailures), signal);
          continue;
        }
        log(status, started, retries);
        throw new ServerError(status, l10n.t('Spotify is having trouble (HTTP {0}). Retry in a moment.', status));
      }

      log(status, started, retries);
      if (status === 200 && request.method === 'GET') return parseJson(body, path, status, this.#options.logger);
      // Writes answer 200, 201 or 204, with a JSON body ({snapshot_id}) or none at all.
      if (status >= 200 && status < 300 && request.method !== 'GET') return body.trim() === '' ? undefined : parseJson(body, path, status, this.#options.logger, true);
      // A GET of the player answers 204 when nothing plays.
      if (status === 204 && request.method === 'GET') return undefined;
      throw errorForStatus(status, path, readErrorMessage(body), readErrorReason(body));
    }
  }

  async #send(request: OutgoingRequest, token: string, signal: AbortSignal | undefined): Promise<{ response: Response; body: string }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    this.stats.requests++;
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await this.#fetchFn(this.#options.baseUrl() + request.path, { method: request.method, headers, body: request.body, signal: combined });
      const bytes = new Uint8Array(await response.arrayBuffer());
      this.stats.bytesReceived += bytes.byteLength;
      return { response, body: new TextDecoder().decode(bytes) };
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      if (timeout.aborted) throw new TimeoutFailure();
      throw error;
    }
  }

  /** Exponential backoff with full jitter, so retries from many nodes do not line up. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(8_000, this.#backoffBaseMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  #logRequest(method: string, path: string, status: number | string, started: number, retries: number): void {
    this.#options.logger.debug(`[api] ${method} ${path} ${status} ${this.#now() - started} ms${retries ? `, ${retries} retries` : ''}`);
  }
}

class TimeoutFailure extends Error {}

interface OutgoingRequest {
  method: 'GET' | WriteMethod;
  path: string;
  /** JSON text. */
  body?: string;
  /** Whether sending it again after a 5xx, a timeout or a dropped connection is harmless. */
  repeatable: boolean;
}

function parseRetryAfter(header: string | null): number {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds < 0) return MISSING_RETRY_AFTER_MS;
  return Math.max(MIN_RETRY_AFTER_MS, seconds * 1000);
}

function parseJson(body: string, path: string, status: number, logger: Logger, lenient = false): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Spotify answers some commands (Add to Queue) with a 200 and a body that is not JSON: the command worked.
    if (lenient) return undefined;
    logger.warn(`[api] GET ${path} ${status}: response is not JSON (${body.length} bytes)`);
    throw new BadResponseError(undefined, status);
  }
}

function readErrorBody(body: string): { message?: unknown; reason?: unknown } | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return parsed && typeof parsed.error === 'object' && parsed.error ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function readErrorMessage(body: string): string | undefined {
  const message = readErrorBody(body)?.message;
  return typeof message === 'string' ? message : undefined;
}

function readErrorReason(body: string): string | undefined {
  const reason = readErrorBody(body)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

export function classifyForbidden(path: string, message: string | undefined): ForbiddenReason {
  const text = message ?? '';
  if (/premium/i.test(text)) return 'premiumRequired';
  if (/not be registered|not registered/i.test(text)) return 'userNotRegistered';
  if (/insufficient client scope/i.test(text)) return 'insufficientScope';
  if (/^\/playlists\/[^/]+\/tracks/.test(path)) return 'endpointRemoved';
  if (/^\/playlists\/[^/]+\/items/.test(path)) return 'notOwned';
  if (/^\/me\/player(\/|\?|$)/.test(path)) return 'playerRestricted';
  return 'other';
}

/** Worded when thrown (not at load), so the words follow the translator activate() installs. */
const FORBIDDEN_MESSAGES: Record<ForbiddenReason, () => string> = {
  notOwned: () => l10n.t('Spotify lets apps read only playlists you own or collaborate on.'),
  premiumRequired: () => l10n.t('Spotify requires the owner of your Spotify app to have Premium. If they just subscribed, it can take a few hours.'),
  userNotRegistered: () => l10n.t("Your Spotify account is not on your app's user list. Add it under Users and Access in the Spotify dashboard."),
  endpointRemoved: () => l10n.t('Spotify no longer offers this to apps in development mode.'),
  insufficientScope: () => l10n.t('Spotify has not allowed this app to read this yet.'),
  premiumAccountRequired: () => l10n.t('Controlling playback needs Spotify Premium.'),
  volumeControlDisallowed: () => l10n.t('The device playing does not allow changing the volume.'),
  playerRestricted: () => l10n.t('Spotify does not allow this on the device playing right now.'),
  other: () => l10n.t('Spotify refused this request.'),
};

function errorForStatus(status: number, path: string, message: string | undefined, reason?: string): SpotifyError {
  // The player's refusals carry a reason: an account without Premium, no device to play on.
  if (status === 403 && reason === 'PREMIUM_REQUIRED') return new ForbiddenError('premiumAccountRequired', FORBIDDEN_MESSAGES.premiumAccountRequired());
  if (status === 404 && reason === 'NO_ACTIVE_DEVICE') return new NoActiveDeviceError();
  if (status === 403 && reason === 'VOLUME_CONTROL_DISALLOW') return new ForbiddenError('volumeControlDisallowed', FORBIDDEN_MESSAGES.volumeControlDisallowed());
  switch (status) {
    case 403: {
      const reason = classifyForbidden(path, message);
      return new ForbiddenError(reason, FORBIDDEN_MESSAGES[reason]());
    }
    case 404:
      // Spotify says "Resource not found" for a missing playlist, "Service not found" for a missing endpoint.
      return new NotFoundError(
        l10n.t('Spotify could not find it: it is owned by Spotify or no longer exists.'),
        message !== undefined && !/resource not found/i.test(message) && /service|endpoint/i.test(message),
      );
    default:
      return new BadResponseError(
        message ? l10n.t('Spotify refused the request (HTTP {0}: {1}).', status, message) : l10n.t('Spotify refused the request (HTTP {0}).', status),
        status,
      );
  }
}
