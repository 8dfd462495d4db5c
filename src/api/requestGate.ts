import { CancelledError, RateLimitedError } from './errors';
import { DEFAULT_REQUEST_BUDGET, type RequestBudget } from '../common/requestBudget';
import { describeRateLimit } from './rateLimitWords';

/** A Retry-After window Spotify opened: nothing goes out before `until` (epoch ms). */
export interface RateLimitWindow {
  until: number;
  quotaExceeded: boolean;
}

/** Time as the gate sees it: the system clock, or a test's own. */
export interface GateClock {
  now(): number;
  /** Calls `callback` after `ms`; `keepAlive` false lets the process exit meanwhile. Returns a cancel function. */
  schedule(callback: () => void, ms: number, keepAlive: boolean): () => void;
}

export const systemClock: GateClock = {
  now: () => Date.now(),
  schedule(callback, ms, keepAlive) {
    const timer = setTimeout(callback, ms);
    if (!keepAlive) timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** Which queue a request waits in: what the user just asked for, or work nobody is watching. */
export type RequestLane = 'interactive' | 'background';

/** A request budget: at most `requests` sent in any rolling `windowMs`, as Spotify counts per app. */
/**
 * Share of every window the background lane leaves to the user's requests: a 20th, so a user who
 * clicks while an index runs at full pace does not push the app over the budget.
 */
export const DEFAULT_INTERACTIVE_RESERVE = 0.05;

export interface SchedulerOptions {
  /** The ceiling of the budget (all lanes together); the budget starts here. */
  budget?: RequestBudget;
  /** Background requests on the wire at once; pacing, not this, sets their rate. */
  maxBackgroundInFlight?: number;
  /** Share of the budget the background lane leaves to the interactive lane in every window. */
  interactiveReserve?: number;
  /**
   * Background requests that may go at once after a quiet spell, before pacing sets in: 6 lets a
   * restart's revalidation (Liked Songs and up to 250 playlists) go out at once.
   */
  backgroundBurst?: number;
}

/** What the scheduler has sent and allows for one app (Client ID). */
interface AppState {
  /** The Retry-After window in force, if any. */
  window: RateLimitWindow | undefined;
  /** Send times (both lanes) inside the last budget window, oldest first. */
  sent: number[];
  /** The budget in force: halved on a 429, raised a tenth of the ceiling per quiet window. */
  allowed: number;
  /** When `allowed` last changed (or a 429 came): raises wait a full quiet window after it. */
  allowedChangedAt: number;
  /** Background tokens: a small burst, refilled at the background's rate. */
  tokens: number;
  tokensAt: number;
}

interface Waiter {
  lane: RequestLane;
  grant(release: () => void): void;
  fail(error: Error): void;
}

const LANES: readonly RequestLane[] = ['interactive', 'background'];

/**
 * The one scheduler every Spotify request passes, in two lanes. Interactive requests (what the user
 * just asked for) go out at once, at most `maxInFlight` at a time. Background requests (indexing,
 * revalidation) are paced to stay under a request budget per rolling window that both lanes spend,
 * leaving a reserve to the interactive lane; a 429 halves the budget and each quiet window raises it
 * by a tenth of its ceiling (AIMD), never above the ceiling. Nothing at all goes out while
 * Spotify's Retry-After window is open. Each lane is served first in, first out, and every call
 * ends: let through, cancelled, or refused with the time.
 */
export class RequestGate {
  readonly #inFlight: Record<RequestLane, number> = { interactive: 0, background: 0 };
  readonly #queues: Record<RequestLane, Waiter[]> = { interactive: [], background: [] };
  #state: AppState;
  /** The app (Client ID) the state in force belongs to; Spotify limits each app on its own. */
  #app: string | undefined;
  readonly #otherApps = new Map<string, AppState>();
  #timer: { cancel: () => void; at: number; keepAlive: boolean } | undefined;
  readonly #listeners = new Set<(until: number | undefined, quotaExceeded: boolean) => void>();

  readonly #maxInFlight: number;
  readonly #maxAutoWaitMs: number;
  readonly #clock: GateClock;
  readonly #ceiling: RequestBudget;
  readonly #maxBackgroundInFlight: number;
  readonly #interactiveReserve: number;
  readonly #backgroundBurst: number;

  constructor(
    /** Interactive requests on the wire at once. */
    maxInFlight: number,
    /** Waits longer than this are not waited out: callers get a RateLimitedError at once. */
    maxAutoWaitMs: number,
    clock: GateClock = systemClock,
    options: SchedulerOptions = {},
  ) {
    this.#maxInFlight = maxInFlight;
    this.#maxAutoWaitMs = maxAutoWaitMs;
    this.#clock = clock;
    this.#ceiling = { ...(options.budget ?? DEFAULT_REQUEST_BUDGET) };
    this.#maxBackgroundInFlight = options.maxBackgroundInFlight ?? 3;
    this.#interactiveReserve = options.interactiveReserve ?? DEFAULT_INTERACTIVE_RESERVE;
    this.#backgroundBurst = options.backgroundBurst ?? 6;
    this.#state = this.#freshState();
  }

  /**
   * Resolves when the request may go out; the caller must call the returned release exactly once.
   * Rejects with CancelledError when `signal` aborts first, and with RateLimitedError when the
   * Retry-After window in force is too long to wait out (now or while waiting).
   */
  acquire(signal?: AbortSignal, lane: RequestLane = 'interactive'): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    this.#closeEndedWindow();
    const refusal = this.#refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.#queues[lane].length === 0 && this.#mayGo(lane)) return Promise.resolve(this.#take(lane));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const queue = this.#queues[lane];
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(new CancelledError());
        this.#armTimer();
      };
      const waiter: Waiter = {
        lane,
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queues[lane].push(waiter);
      this.#serve();
    });
  }

  /** Spotify said 429: hold every request, in both lanes, until `retryAt`, and halve the budget. */
  block(retryAt: number, quotaExceeded: boolean): void {
    this.#closeEndedWindow();
    const now = this.#clock.now();
    // One burst of 429s (every request in flight) is one signal: the budget halves once per window.
    if (!this.#state.window) this.#lowerBudget(now);
    if (retryAt <= now || (this.#state.window && retryAt <= this.#state.window.until)) return;
    this.#state.window = { until: retryAt, quotaExceeded };
    this.#notify();
    this.#serve();
  }

  /**
   * The app (Client ID) whose requests pass from now on. Spotify limits each app on its own: a
   * window and a lowered budget stay with their app across sign-out and sign-in, and another app
   * starts without them.
   */
  useApp(clientId: string): void {
    if (clientId === this.#app) return;
    const previous = this.#app;
    this.#app = clientId;
    // Before the first app is known no request has gone out, so the state in force is this app's.
    if (previous === undefined) return;
    this.#closeEndedWindow();
    const before = this.#state.window;
    this.#otherApps.set(previous, this.#state);
    this.#state = this.#otherApps.get(clientId) ?? this.#freshState();
    this.#otherApps.delete(clientId);
    this.#closeEndedWindow(false);
    if (this.#state.window !== before) this.#notify();
    this.#serve();
  }

  /**
   * Starts afresh, as a restart does: forgets every app's window, lowered budget and recent sends,
   * and lets waiting callers through. For tests; a running extension never needs it.
   */
  reset(): void {
    this.#otherApps.clear();
    const hadWindow = this.#state.window !== undefined;
    this.#state = this.#freshState();
    if (hadWindow) this.#notify();
    this.#serve();
  }

  /** When requests are held, until when (epoch ms); otherwise undefined. */
  get rateLimitedUntil(): number | undefined {
    const window = this.#state.window;
    return window && window.until > this.#clock.now() ? window.until : undefined;
  }

  /** The Retry-After window in force for the current app, if any. */
  get rateLimit(): RateLimitWindow | undefined {
    return this.rateLimitedUntil === undefined ? undefined : { ...this.#state.window! };
  }

  /** The budget in force for the current app: requests per window, after 429s lowered it. */
  get budget(): RequestBudget {
    this.#raiseBudget(this.#clock.now());
    return { requests: this.#state.allowed, windowMs: this.#ceiling.windowMs };
  }

  /** Requests waiting in each lane (for progress and tests). */
  get waiting(): Record<RequestLane, number> {
    return { interactive: this.#queues.interactive.length, background: this.#queues.background.length };
  }

  /**
   * Fires when a window opens, grows, or switches with the app (with its end), and once the last
   * window is over (undefined): never in between, so a message shown meanwhile stays until then.
   */
  onDidChangeRateLimit(listener: (until: number | undefined, quotaExceeded: boolean) => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  #freshState(): AppState {
    const now = this.#clock.now();
    return { window: undefined, sent: [], allowed: this.#ceiling.requests, allowedChangedAt: now, tokens: this.#backgroundBurst, tokensAt: now };
  }

  /** Multiplicative decrease: half the budget, at least one request per window. */
  #lowerBudget(now: number): void {
    this.#raiseBudget(now);
    this.#state.allowed = Math.max(1, Math.floor(this.#state.allowed / 2));
    this.#state.allowedChangedAt = now;
    this.#state.tokens = Math.min(this.#state.tokens, 1);
  }

  /** Additive increase: a tenth of the ceiling for every full window without a 429, up to the ceiling. */
  #raiseBudget(now: number): void {
    const state = this.#state;
    if (state.allowed >= this.#ceiling.requests) return;
    const quietWindows = Math.floor((now - state.allowedChangedAt) / this.#ceiling.windowMs);
    if (quietWindows <= 0) return;
    const step = Math.max(1, Math.round(this.#ceiling.requests / 10));
    state.allowed = Math.min(this.#ceiling.requests, state.allowed + quietWindows * step);
    state.allowedChangedAt += quietWindows * this.#ceiling.windowMs;
  }

  /** What the background lane may spend per window: the budget less the interactive reserve. */
  #backgroundAllowance(): number {
    return Math.max(1, Math.floor(this.#state.allowed * (1 - this.#interactiveReserve)));
  }

  #forgetOldSends(now: number): void {
    const sent = this.#state.sent;
    let expired = 0;
    while (expired < sent.length && sent[expired] <= now - this.#ceiling.windowMs) expired++;
    if (expired > 0) sent.splice(0, expired);
  }

  #refillTokens(now: number): void {
    const state = this.#state;
    const perMs = this.#backgroundAllowance() / this.#ceiling.windowMs;
    state.tokens = Math.min(this.#backgroundBurst, state.tokens + (now - state.tokensAt) * perMs);
    state.tokensAt = now;
  }

  /**
   * When the background lane may next send (epoch ms; now or earlier means at once): a token from
   * the paced bucket, and room under its allowance in the rolling window.
   */
  #backgroundReadyAt(now: number): number {
    this.#raiseBudget(now);
    this.#forgetOldSends(now);
    this.#refillTokens(now);
    const allowance = this.#backgroundAllowance();
    const perMs = allowance / this.#ceiling.windowMs;
    const tokenAt = this.#state.tokens >= 1 ? now : now + Math.ceil((1 - this.#state.tokens) / perMs);
    const sent = this.#state.sent;
    const roomAt = sent.length < allowance ? now : sent[sent.length - allowance] + this.#ceiling.windowMs;
    return Math.max(tokenAt, roomAt);
  }

  #mayGo(lane: RequestLane): boolean {
    if (this.#state.window) return false;
    if (lane === 'interactive') return this.#inFlight.interactive < this.#maxInFlight;
    if (this.#inFlight.background >= this.#maxBackgroundInFlight) return false;
    return this.#backgroundReadyAt(this.#clock.now()) <= this.#clock.now();
  }

  #take(lane: RequestLane): () => void {
    const now = this.#clock.now();
    this.#inFlight[lane]++;
    this.#forgetOldSends(now);
    this.#state.sent.push(now);
    if (lane === 'background') {
      this.#refillTokens(now);
      this.#state.tokens -= 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight[lane]--;
      this.#serve();
    };
  }

  /** Lets queued callers through in order while their lane may go, or refuses them all a long wait. */
  #serve(): void {
    this.#closeEndedWindow();
    const refusal = this.#refusal();
    for (const lane of LANES) {
      const queue = this.#queues[lane];
      if (refusal) {
        for (const waiter of queue.splice(0)) waiter.fail(this.#refusal()!);
        continue;
      }
      while (queue.length > 0 && this.#mayGo(lane)) queue.shift()!.grant(this.#take(lane));
    }
    this.#armTimer();
  }

  /**
   * One timer for the next moment a waiter could go: the end of the window in force, or the
   * background lane's next paced slot. It keeps the process alive only for waiters.
   */
  #armTimer(): void {
    const now = this.#clock.now();
    let at = this.#state.window?.until;
    if (at === undefined && this.#queues.background.length > 0 && this.#inFlight.background < this.#maxBackgroundInFlight) {
      at = this.#backgroundReadyAt(now);
    }
    const keepAlive = this.#queues.interactive.length + this.#queues.background.length > 0;
    if (this.#timer && this.#timer.at === at && this.#timer.keepAlive === keepAlive) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    if (at === undefined) return;
    const cancel = this.#clock.schedule(
      () => {
        this.#timer = undefined;
        this.#serve(); // a timer that fires early finds nothing new and is armed again
      },
      Math.max(1, at - now),
      keepAlive,
    );
    this.#timer = { cancel, at, keepAlive };
  }

  #closeEndedWindow(notify = true): void {
    const window = this.#state.window;
    if (!window || window.until > this.#clock.now()) return;
    this.#state.window = undefined;
    if (notify) this.#notify();
  }

  #refusal(): RateLimitedError | undefined {
    const window = this.#state.window;
    if (!window) return undefined;
    if (!window.quotaExceeded && window.until - this.#clock.now() <= this.#maxAutoWaitMs) return undefined;
    return new RateLimitedError(window.until, window.quotaExceeded, describeRateLimit(window.until, window.quotaExceeded, this.#clock.now()).node);
  }

  #notify(): void {
    const window = this.#state.window;
    for (const listener of this.#listeners) listener(window?.until, window?.quotaExceeded ?? false);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
