import { CancelledError, RateLimitedError } from './errors';
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

interface Waiter {
  grant(release: () => void): void;
  fail(error: Error): void;
}

/**
 * The one gate every Spotify request passes: at most `maxInFlight` requests at once, and none at
 * all while Spotify's Retry-After window is open, so a 429 never turns into a storm. Callers are
 * served first in, first out, and every call ends: let through, cancelled, or refused with the time.
 */
export class RequestGate {
  #inFlight = 0;
  readonly #queue: Waiter[] = [];
  #window: RateLimitWindow | undefined;
  /** The app (Client ID) the window in force belongs to; Spotify limits each app on its own. */
  #app: string | undefined;
  readonly #otherAppsWindows = new Map<string, RateLimitWindow>();
  #timer: { cancel: () => void; until: number; keepAlive: boolean } | undefined;
  readonly #listeners = new Set<(until: number | undefined, quotaExceeded: boolean) => void>();

  readonly #maxInFlight: number;
  readonly #maxAutoWaitMs: number;
  readonly #clock: GateClock;

  constructor(
    maxInFlight: number,
    /** Waits longer than this are not waited out: callers get a RateLimitedError at once. */
    maxAutoWaitMs: number,
    clock: GateClock = systemClock,
  ) {
    this.#maxInFlight = maxInFlight;
    this.#maxAutoWaitMs = maxAutoWaitMs;
    this.#clock = clock;
  }

  /**
   * Resolves when the request may go out; the caller must call the returned release exactly once.
   * Rejects with CancelledError when `signal` aborts first, and with RateLimitedError when the
   * Retry-After window in force is too long to wait out (now or while waiting).
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    this.#closeEndedWindow();
    const refusal = this.#refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.#queue.length === 0 && !this.#window && this.#inFlight < this.#maxInFlight) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(new CancelledError());
        this.#armTimer();
      };
      const waiter: Waiter = {
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
      this.#queue.push(waiter);
      this.#serve();
    });
  }

  /** Spotify said 429: hold every request until `retryAt`. */
  block(retryAt: number, quotaExceeded: boolean): void {
    this.#closeEndedWindow();
    if (retryAt <= this.#clock.now() || (this.#window && retryAt <= this.#window.until)) return;
    this.#window = { until: retryAt, quotaExceeded };
    this.#notify();
    this.#serve();
  }

  /**
   * The app (Client ID) whose requests pass from now on. Spotify limits each app on its own: a
   * window stays with its app across sign-out and sign-in, and another app starts without it.
   */
  useApp(clientId: string): void {
    if (clientId === this.#app) return;
    const previous = this.#app;
    this.#app = clientId;
    // Before the first app is known no request has gone out, so a window in force is this app's.
    if (previous === undefined) return;
    this.#closeEndedWindow();
    if (this.#window) this.#otherAppsWindows.set(previous, this.#window);
    const now = this.#clock.now();
    for (const [app, window] of this.#otherAppsWindows) if (window.until <= now) this.#otherAppsWindows.delete(app);
    const window = this.#otherAppsWindows.get(clientId);
    this.#otherAppsWindows.delete(clientId);
    if (window === this.#window) return;
    this.#window = window;
    this.#notify();
    this.#serve();
  }

  /** Forgets every app's window and lets waiting callers through. */
  reset(): void {
    this.#otherAppsWindows.clear();
    if (!this.#window) return;
    this.#window = undefined;
    this.#notify();
    this.#serve();
  }

  /** When requests are held, until when (epoch ms); otherwise undefined. */
  get rateLimitedUntil(): number | undefined {
    return this.#window && this.#window.until > this.#clock.now() ? this.#window.until : undefined;
  }

  /** The Retry-After window in force for the current app, if any. */
  get rateLimit(): RateLimitWindow | undefined {
    return this.rateLimitedUntil === undefined ? undefined : { ...this.#window! };
  }

  /**
   * Fires when a window opens, grows, or switches with the app (with its end), and once the last
   * window is over (undefined): never in between, so a message shown meanwhile stays until then.
   */
  onDidChangeRateLimit(listener: (until: number | undefined, quotaExceeded: boolean) => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  #take(): () => void {
    this.#inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#serve();
    };
  }

  /** Lets queued callers through in order while slots are free, or refuses them all a long wait. */
  #serve(): void {
    this.#closeEndedWindow();
    if (this.#queue.length > 0) {
      if (this.#refusal()) {
        for (const waiter of this.#queue.splice(0)) waiter.fail(this.#refusal()!);
      } else if (!this.#window) {
        while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) this.#queue.shift()!.grant(this.#take());
      }
    }
    this.#armTimer();
  }

  /** One timer for the end of the window in force; it keeps the process alive only for waiters. */
  #armTimer(): void {
    const until = this.#window?.until;
    const keepAlive = this.#queue.length > 0;
    if (this.#timer && this.#timer.until === until && this.#timer.keepAlive === keepAlive) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    if (until === undefined) return;
    const cancel = this.#clock.schedule(
      () => {
        this.#timer = undefined;
        this.#serve(); // a timer that fires early finds the window still open and is armed again
      },
      Math.max(1, until - this.#clock.now()),
      keepAlive,
    );
    this.#timer = { cancel, until, keepAlive };
  }

  #closeEndedWindow(): void {
    if (!this.#window || this.#window.until > this.#clock.now()) return;
    this.#window = undefined;
    this.#notify();
  }

  #refusal(): RateLimitedError | undefined {
    const window = this.#window;
    if (!window) return undefined;
    if (!window.quotaExceeded && window.until - this.#clock.now() <= this.#maxAutoWaitMs) return undefined;
    return new RateLimitedError(window.until, window.quotaExceeded, describeRateLimit(window.until, window.quotaExceeded, this.#clock.now()).node);
  }

  #notify(): void {
    const window = this.#window;
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
