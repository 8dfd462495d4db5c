import { CancelledError, RateLimitedError } from './errors';

/**
 * The one gate every Spotify request passes: at most `maxInFlight` requests at once, and none at
 * all while Spotify's Retry-After window is open, so a 429 never turns into a storm.
 */
export class RequestGate {
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  #blockedUntil = 0;
  #blockQuota = false;
  readonly #listeners = new Set<(until: number | undefined) => void>();

  readonly #maxInFlight: number;
  readonly #maxAutoWaitMs: number;
  readonly #now: () => number;

  constructor(
    maxInFlight: number,
    /** Waits longer than this are not waited out: callers get a RateLimitedError at once. */
    maxAutoWaitMs: number,
    now: () => number = Date.now,
  ) {
    this.#maxInFlight = maxInFlight;
    this.#maxAutoWaitMs = maxAutoWaitMs;
    this.#now = now;
  }

  /** Resolves when the request may go out; the caller must call the returned release exactly once. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      this.#throwIfLongBlock();
      const waitMs = this.#blockedUntil - this.#now();
      if (waitMs > 0) {
        await sleep(waitMs, signal);
        continue;
      }
      if (this.#inFlight < this.#maxInFlight) break;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = this.#waiting.indexOf(wake);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(new CancelledError());
        };
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiting.push(wake);
      });
    }
    this.#inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#waiting.shift()?.();
    };
  }

  /** Spotify said 429: hold every request until `retryAt`. */
  block(retryAt: number, quotaExceeded: boolean): void {
    if (retryAt > this.#blockedUntil) {
      this.#blockedUntil = retryAt;
      this.#blockQuota = quotaExceeded;
      this.#notify(retryAt);
      setTimeout(() => this.#notify(undefined), Math.max(0, retryAt - this.#now())).unref?.();
    }
  }

  /**
   * Forgets a rate limit: Spotify counts limits per app, so a new sign-in (maybe with another
   * Client ID) starts afresh instead of inheriting a day-long wait.
   */
  reset(): void {
    if (this.#blockedUntil === 0) return;
    this.#blockedUntil = 0;
    this.#blockQuota = false;
    this.#notify(undefined);
  }

  /** When requests are held, until when (epoch ms); otherwise undefined. */
  get rateLimitedUntil(): number | undefined {
    return this.#blockedUntil > this.#now() ? this.#blockedUntil : undefined;
  }

  onDidChangeRateLimit(listener: (until: number | undefined) => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  #throwIfLongBlock(): void {
    const waitMs = this.#blockedUntil - this.#now();
    if (waitMs > this.#maxAutoWaitMs || (waitMs > 0 && this.#blockQuota)) {
      throw new RateLimitedError(this.#blockedUntil, this.#blockQuota, rateLimitMessage(this.#blockedUntil, this.#blockQuota));
    }
  }

  #notify(until: number | undefined): void {
    for (const listener of this.#listeners) listener(until);
  }
}

export function rateLimitMessage(retryAt: number, quotaExceeded: boolean): string {
  const time = new Date(retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(retryAt).toDateString() === new Date().toDateString();
  const when = sameDay ? time : `${new Date(retryAt).toLocaleDateString()} ${time}`;
  return quotaExceeded
    ? `Spotify's request quota for your app is used up until ${when}.`
    : `Spotify's request limit for your app is used up until ${when}.`;
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
