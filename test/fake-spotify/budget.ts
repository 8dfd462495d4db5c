// Spotify's rate limit as dev-mode apps meet it: a request budget per rolling window per Client ID;
// requests over it get 429 with a short Retry-After, and repeated violations escalate the wait
// (minutes, then hours). Off unless a test or the benchmark turns it on.

export interface BudgetModelConfig {
  enabled: boolean;
  /** Requests answered per rolling window, per Client ID. */
  requests: number;
  windowMs: number;
  /** Violations (remembered for `violationMemoryMs`) from which Retry-After is minutes, then hours. */
  minutesAfterViolations: number;
  hoursAfterViolations: number;
  minutesRetryAfterSeconds: number;
  hoursRetryAfterSeconds: number;
  violationMemoryMs: number;
  /** 429s this soon after the previous violation were already on the wire: one violation, not several. */
  burstGraceMs: number;
}

/**
 * Assumptions, not Spotify's numbers: Spotify publishes none. The window is the documented rolling
 * 30 s. 100 requests in it is a guess near the ~180 a minute reported for ordinary apps, above the
 * extension's own ceiling (60) so a polite client never meets it. The escalation (a third violation
 * within an hour waits 10 minutes, a sixth 4 hours) copies the shape of dev-mode reports (minutes,
 * then Retry-After of several hours after bursts), not measured values.
 */
export const DEFAULT_BUDGET_MODEL: BudgetModelConfig = {
  enabled: false,
  requests: 100,
  windowMs: 30_000,
  minutesAfterViolations: 3,
  hoursAfterViolations: 6,
  minutesRetryAfterSeconds: 600,
  hoursRetryAfterSeconds: 4 * 3600,
  violationMemoryMs: 3_600_000,
  burstGraceMs: 100,
};

export interface BudgetModelStats {
  /** 429s the model answered (over budget, or inside a penalty it set). */
  rateLimited: number;
  /** Violations that raised the wait to minutes or hours. */
  escalations: number;
  /** The longest Retry-After the model sent, in seconds. */
  longestRetryAfterSeconds: number;
}

export interface BudgetClientView {
  clientId: string;
  /** Requests answered inside the current window. */
  inWindow: number;
  violations: number;
  /** Epoch ms until which every request is refused (0: none). */
  penaltyUntil: number;
}

interface ClientState {
  answered: number[];
  violations: number[];
  penaltyUntil: number;
  /** Retry-After seconds of the penalty in force (0: none): a violation escalates only above it. */
  penaltySeconds: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class BudgetModel {
  #config: BudgetModelConfig = { ...DEFAULT_BUDGET_MODEL };
  readonly #clients = new Map<string, ClientState>();
  #stats: BudgetModelStats = { rateLimited: 0, escalations: 0, longestRetryAfterSeconds: 0 };

  config(): BudgetModelConfig {
    return { ...this.#config };
  }

  /** Merges `patch` into the configuration (numbers must be positive); unknown keys throw. */
  configure(patch: Partial<BudgetModelConfig>): BudgetModelConfig {
    for (const [key, value] of Object.entries(patch)) {
      if (!(key in this.#config)) throw new Error(`unknown budget setting ${key}`);
      if (value === undefined) continue;
      if (key === 'enabled' ? typeof value !== 'boolean' : typeof value !== 'number' || !(value >= 0)) throw new Error(`${key} must be ${key === 'enabled' ? 'a boolean' : 'a number >= 0'}`);
      (this.#config as unknown as Record<string, unknown>)[key] = value;
    }
    return this.config();
  }

  /** Forgets every client's window, violations and penalty, and the stats; keeps the configuration. */
  clear(): void {
    this.#clients.clear();
    this.#stats = { rateLimited: 0, escalations: 0, longestRetryAfterSeconds: 0 };
  }

  /** Back to the defaults (model off). */
  reset(): void {
    this.#config = { ...DEFAULT_BUDGET_MODEL };
    this.clear();
  }

  stats(): BudgetModelStats {
    return { ...this.#stats };
  }

  clients(now = Date.now()): BudgetClientView[] {
    return [...this.#clients].map(([clientId, state]) => {
      this.#forget(state, now);
      return { clientId, inWindow: state.answered.length, violations: state.violations.length, penaltyUntil: state.penaltyUntil > now ? state.penaltyUntil : 0 };
    });
  }

  /** A request from `clientId` arrives at `now`: answered (and counted) or refused with Retry-After. */
  admit(clientId: string, now = Date.now()): BudgetVerdict {
    const config = this.#config;
    if (!config.enabled) return { ok: true };
    let state = this.#clients.get(clientId);
    if (!state) this.#clients.set(clientId, (state = { answered: [], violations: [], penaltyUntil: 0, penaltySeconds: 0 }));
    this.#forget(state, now);
    if (state.penaltyUntil > now) return this.#refuse(state, now, Math.ceil((state.penaltyUntil - now) / 1000));
    if (state.answered.length < config.requests) {
      state.answered.push(now);
      return { ok: true };
    }
    // Short: until the oldest answered request leaves the window.
    return this.#refuse(state, now, Math.ceil((state.answered[0] + config.windowMs - now) / 1000));
  }

  #refuse(state: ClientState, now: number, shortSeconds: number): BudgetVerdict {
    const config = this.#config;
    const last = state.violations[state.violations.length - 1];
    if (last === undefined || now - last >= config.burstGraceMs) state.violations.push(now);
    const count = state.violations.length;
    const level = count >= config.hoursAfterViolations ? config.hoursRetryAfterSeconds : count >= config.minutesAfterViolations ? config.minutesRetryAfterSeconds : 0;
    let seconds = Math.max(1, shortSeconds);
    if (state.penaltyUntil <= now) state.penaltySeconds = 0;
    if (level > state.penaltySeconds) {
      state.penaltyUntil = now + level * 1000;
      state.penaltySeconds = level;
      this.#stats.escalations++;
      seconds = level;
    }
    this.#stats.rateLimited++;
    this.#stats.longestRetryAfterSeconds = Math.max(this.#stats.longestRetryAfterSeconds, seconds);
    return { ok: false, retryAfterSeconds: seconds };
  }

  #forget(state: ClientState, now: number): void {
    const config = this.#config;
    while (state.answered.length > 0 && state.answered[0] <= now - config.windowMs) state.answered.shift();
    while (state.violations.length > 0 && state.violations[0] <= now - config.violationMemoryMs) state.violations.shift();
  }
}
