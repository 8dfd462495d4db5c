/**
 * "Only one window at a time" for work every window of a VS Code could start (the automatic
 * backup): a lease in one small file of the global storage folder, which all windows share.
 * workspace.fs has no exclusive create (and the web has no file locks), so a window writes its
 * claim, waits a moment and reads it back: of two windows claiming together, the one that wrote
 * last holds it and the other backs off. A claim expires, so a window that crashed holds nothing.
 */

/** The shared file: the lease, and when the work last ran (so the next window knows it is not due). */
export interface LeaseFile {
  /** Who holds the lease and until when (epoch ms); absent when no one does. */
  readonly lease?: { readonly owner: string; readonly until: number };
  /** When the work last finished, in any window (epoch ms). */
  readonly lastRunAt?: number;
}

export interface LeaseStore {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export interface LeaseOptions {
  /** This window's id: unique per window (and per start). */
  readonly owner: string;
  /** How long a claim holds without being renewed. */
  readonly ttlMs: number;
  /** How long a claim must stand before it is trusted: longer than a write and a read of the file take. */
  readonly settleMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export type LeaseOutcome = { readonly kind: 'held'; readonly lastRunAt?: number } | { readonly kind: 'heldElsewhere' } | { readonly kind: 'notDue'; readonly lastRunAt: number };

export function parseLeaseFile(text: string | undefined): LeaseFile {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const { lease, lastRunAt } = value as Record<string, unknown>;
    const leaseOk = typeof lease === 'object' && lease !== null && typeof (lease as Record<string, unknown>).owner === 'string' && typeof (lease as Record<string, unknown>).until === 'number';
    return { ...(leaseOk ? { lease: lease as LeaseFile['lease'] } : {}), ...(typeof lastRunAt === 'number' ? { lastRunAt } : {}) };
  } catch {
    // A torn or foreign file claims nothing: the next write replaces it.
    return {};
  }
}

export class WindowLease {
  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseOptions,
  ) {}

  /**
   * Claims the lease when the work is due (`isDue(lastRunAt)`) and no other window holds a live
   * claim; 'held' means this window may run it now (and must call finish() or release()).
   */
  async claim(isDue: (lastRunAt: number | undefined) => boolean): Promise<LeaseOutcome> {
    const { owner, ttlMs, settleMs, now, sleep } = this.options;
    const before = parseLeaseFile(await this.store.read());
    if (!isDue(before.lastRunAt)) return { kind: 'notDue', lastRunAt: before.lastRunAt! };
    if (before.lease && before.lease.owner !== owner && before.lease.until > now()) return { kind: 'heldElsewhere' };
    await this.#write({ ...before, lease: { owner, until: now() + ttlMs } });
    await sleep(settleMs);
    const after = parseLeaseFile(await this.store.read());
    if (after.lease?.owner !== owner) return { kind: 'heldElsewhere' };
    // Another window may have finished the work between the two reads.
    if (!isDue(after.lastRunAt)) {
      await this.#write({ lastRunAt: after.lastRunAt });
      return { kind: 'notDue', lastRunAt: after.lastRunAt! };
    }
    return { kind: 'held', lastRunAt: after.lastRunAt };
  }

  /** Keeps a long run's claim alive. */
  async renew(): Promise<void> {
    const current = parseLeaseFile(await this.store.read());
    if (current.lease?.owner === this.options.owner) await this.#write({ ...current, lease: { owner: this.options.owner, until: this.options.now() + this.options.ttlMs } });
  }

  /** The work ran: record when, and let go. */
  async finish(): Promise<void> {
    await this.#write({ lastRunAt: this.options.now() });
  }

  /** The work did not run (failed, cancelled): let go, keeping the last time it did. */
  async release(): Promise<void> {
    const current = parseLeaseFile(await this.store.read());
    if (current.lease?.owner === this.options.owner) await this.#write({ lastRunAt: current.lastRunAt });
  }

  async #write(file: LeaseFile): Promise<void> {
    await this.store.write(JSON.stringify(file));
  }
}
