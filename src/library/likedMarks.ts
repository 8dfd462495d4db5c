import type { Logger } from '../common/logger';

/** Spotify's most URIs per /me/library/contains request. */
const BATCH = 40;
/** How long asks gather before a request goes: the tree builds a page's rows in one go. */
const GATHER_MS = 10;
/** While requests follow one another (a long list shown at once), rows repaint at most this often. */
const REPAINT_EVERY_MS = 500;

interface Settle {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

/**
 * Whether the user likes songs Liked Songs does not show: what writes and Spotify's contains answers
 * said, by track id. Rows ask as they are shown; asks gather into requests of 40, one request at a
 * time (the caller puts it on the background lane), so a long list shown at once costs one request
 * per 40 rows, paced, and the rows asked last wait behind the first, not the user's clicks. Every
 * answer is kept; a failed request forgets only its own rows, which the next ask requests again.
 */
export class LikedMarks {
  readonly #known = new Map<string, boolean>();
  /** Ids waiting for the next request, in the order their rows asked. */
  readonly #queued = new Set<string>();
  /** Ids queued or in flight, and how their askers learn they were answered (or failed). */
  readonly #settles = new Map<string, Settle>();
  /** Answered ids whose rows have not repainted yet. */
  #answered = new Set<string>();
  #lastRepaint = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sending = false;
  /** Bumped by clear(): answers to an earlier generation's requests are dropped. */
  #generation = 0;

  constructor(
    /** One request: Spotify's answer for these ids (at most 40); ids missing from it stay unknown. */
    private readonly request: (ids: readonly string[]) => Promise<ReadonlyMap<string, boolean>>,
    /** The rows showing these ids repaint. */
    private readonly repaint: (ids: ReadonlySet<string>) => void,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** What is known; undefined when nobody said yet. */
  get(id: string): boolean | undefined {
    return this.#known.get(id);
  }

  /** A write's value (like, unlike, or its rollback with undefined) wins over any answer in flight. */
  set(id: string, liked: boolean | undefined): void {
    if (liked === undefined) this.#known.delete(id);
    else this.#known.set(id, liked);
  }

  /**
   * Asks about the ids nobody knows about (already queued or in flight ones are not asked twice).
   * Resolves when every one of them was answered or its request failed.
   */
  ask(ids: Iterable<string>): Promise<void> {
    const waits: Array<Promise<void>> = [];
    for (const id of ids) {
      if (this.#known.has(id)) continue;
      let settle = this.#settles.get(id);
      if (!settle) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        settle = { promise, resolve };
        this.#settles.set(id, settle);
        this.#queued.add(id);
      }
      waits.push(settle.promise);
    }
    if (this.#queued.size > 0) this.#schedule();
    return waits.length === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  /** Sign-out or account switch: forget everything; requests under way are answered to no one. */
  clear(): void {
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#known.clear();
    this.#queued.clear();
    this.#answered = new Set();
    for (const settle of this.#settles.values()) settle.resolve();
    this.#settles.clear();
  }

  #schedule(): void {
    if (this.#timer || this.#sending) return; // a running drain takes what was queued meanwhile
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, GATHER_MS);
  }

  async #drain(): Promise<void> {
    const generation = this.#generation;
    this.#sending = true;
    try {
      while (this.#queued.size > 0 && generation === this.#generation) {
        const batch: string[] = [];
        for (const id of this.#queued) {
          batch.push(id);
          if (batch.length === BATCH) break;
        }
        for (const id of batch) this.#queued.delete(id);
        try {
          const answer = await this.request(batch);
          if (generation !== this.#generation) return;
          for (const id of batch) {
            const liked = answer.get(id);
            // A like or unlike made while the request was out decided already.
            if (liked !== undefined && !this.#known.has(id)) this.#known.set(id, liked);
            this.#answered.add(id);
          }
        } catch (error) {
          // Not worth a message: these rows show no liked mark; their next showing asks again.
          this.logger.info(`[library] could not ask Spotify which songs are liked: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          if (generation === this.#generation) {
            for (const id of batch) {
              this.#settles.get(id)?.resolve();
              this.#settles.delete(id);
            }
          }
        }
        if (this.#queued.size === 0 || this.now() - this.#lastRepaint >= REPAINT_EVERY_MS) this.#repaintAnswered();
      }
    } finally {
      this.#sending = false;
      if (generation === this.#generation) this.#repaintAnswered();
      if (this.#queued.size > 0) this.#schedule(); // asked after a clear() while this drain's request was out
    }
  }

  #repaintAnswered(): void {
    if (this.#answered.size === 0) return;
    const ids = this.#answered;
    this.#answered = new Set();
    this.#lastRepaint = this.now();
    this.repaint(ids);
  }
}
