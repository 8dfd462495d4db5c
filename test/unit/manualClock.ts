import type { GateClock } from '../../src/api/requestGate';

/** A clock the test moves by hand: pacing and windows are checked without waiting or timing. */
export class ManualClock implements GateClock {
  time = 1_000_000;
  #timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return () => (timer.cancelled = true);
  }

  /** Moves time forward `ms`, firing due timers in order, and lets their continuations run. */
  async advance(ms: number): Promise<void> {
    // What is pending now runs at the time it was started, not at the next timer's.
    await settle();
    const end = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers.splice(this.#timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }

  /** Milliseconds until the next timer is due (undefined when none waits). */
  nextDueIn(): number | undefined {
    const due = this.#timers.filter((t) => !t.cancelled).map((t) => t.at);
    return due.length === 0 ? undefined : Math.max(0, Math.min(...due) - this.time);
  }
}

/** One macrotask: what the callbacks just fired lead to has run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

