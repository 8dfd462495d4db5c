import { CancelledError, SpotifyError, BadResponseError } from '../api/errors';
import type { PageResult } from './records';

export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal) => Promise<PageResult<T>>;

export interface PagedListSnapshot<T> {
  readonly items: readonly T[];
  readonly total?: number;
  readonly syncedAt?: number;
}

/**
 * One list Spotify serves in pages (Liked Songs, the playlists, one playlist's entries).
 * Entries sit at their offsets, so pages never leave gaps or duplicates; when Spotify's total
 * changes between pages the list re-syncs instead of shifting. Every load carries a generation:
 * an answer to an older generation (before a refresh or cancel) is dropped, never painted.
 */
export class PagedList<T> {
  #entries: T[] = [];
  #knownTotal: number | undefined;
  #lastError: SpotifyError | undefined;
  #inFlight: Promise<void> | undefined;
  #generation = 0;
  #controller = new AbortController();
  #lastSyncedAt: number | undefined;
  #revalidation: Promise<void> | undefined;
  /** What failed last (the next page, a refresh, a revalidation), for Retry to do again. */
  #retryFailed: (() => Promise<void>) | undefined;

  readonly #fetchPage: FetchPage<T>;
  readonly #pageSize: () => number;
  readonly #onDidChange: () => void;
  readonly #now: () => number;

  constructor(
    fetchPage: FetchPage<T>,
    pageSize: () => number,
    onDidChange: () => void,
    now: () => number = Date.now,
  ) {
    this.#fetchPage = fetchPage;
    this.#pageSize = pageSize;
    this.#onDidChange = onDidChange;
    this.#now = now;
  }

  get items(): readonly T[] {
    return this.#entries;
  }
  get total(): number | undefined {
    return this.#knownTotal;
  }
  get error(): SpotifyError | undefined {
    return this.#lastError;
  }
  get isLoading(): boolean {
    return this.#inFlight !== undefined;
  }
  /** Whether anything has been loaded (or restored from the cache) yet. */
  get isLoaded(): boolean {
    return this.#knownTotal !== undefined;
  }
  get hasMore(): boolean {
    return this.#knownTotal === undefined || this.#entries.length < this.#knownTotal;
  }
  /** A background revalidation is what is in flight: the entries shown meanwhile are the restored ones. */
  get isRevalidating(): boolean {
    return this.#inFlight !== undefined && this.#inFlight === this.#revalidation;
  }
  get syncedAt(): number | undefined {
    return this.#lastSyncedAt;
  }

  /** The first page, unless something is loaded already. Resolves when it is there (or failed). */
  ensureLoaded(): Promise<void> {
    if (this.isLoaded || this.#lastError) return Promise.resolve();
    if (this.#inFlight) return this.#inFlight;
    return this.#run((signal) => this.#loadPages(this.#entries.length, 1, signal), () => this.ensureLoaded());
  }

  /** One more page. */
  loadMore(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (!this.hasMore) return Promise.resolve();
    return this.#run((signal) => this.#loadPages(this.#entries.length, 1, signal), () => this.loadMore());
  }

  /** Every remaining page, fetched in parallel from the offsets the total implies. */
  loadAll(): Promise<void> {
    if (this.#inFlight) return this.#inFlight.then(() => (this.hasMore && !this.#lastError ? this.loadAll() : undefined));
    if (!this.hasMore) return Promise.resolve();
    return this.#run(async (signal) => {
      if (this.#knownTotal === undefined) await this.#loadPages(0, 1, signal);
      const remaining = Math.max(0, (this.#knownTotal ?? 0) - this.#entries.length);
      await this.#loadPages(this.#entries.length, Math.ceil(remaining / this.#pageSize()), signal);
    }, () => this.loadAll());
  }

  /** Re-fetches as many entries as were loaded (at least one page), replacing the list at once. */
  refresh(): Promise<void> {
    this.cancel();
    const count = Math.max(this.#entries.length, 1);
    return this.#run((signal) => this.#reload(count, signal), () => this.refresh());
  }

  /**
   * Brings a list restored from the cache up to date. For a newest-first list (`keyOf` given) new
   * entries are fetched until a known one is met and the totals agree: three new likes cost one
   * request. Anything else, or any doubt, re-fetches as many entries as were loaded.
   */
  revalidate(keyOf?: (item: T) => string): Promise<void> {
    if (!this.isLoaded) return this.ensureLoaded();
    this.cancel();
    const count = Math.max(this.#entries.length, 1);
    this.#revalidation = this.#run(async (signal) => {
      if (keyOf && this.#entries.length > 0 && (await this.#prependNewest(keyOf, signal))) return;
      await this.#reload(count, signal);
    }, () => this.revalidate(keyOf));
    return this.#revalidation;
  }

  async #prependNewest(keyOf: (item: T) => string, signal: AbortSignal): Promise<boolean> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const known = keyOf(this.#entries[0]);
    const fresh: T[] = [];
    let total: number | undefined;
    // A few pages of new entries at most; past that a full re-sync is as cheap.
    for (let page = 0; page < 4; page++) {
      const result = await this.#fetchPage(page * limit, limit, signal);
      if (generation !== this.#generation) throw new CancelledError();
      if (total !== undefined && result.total !== total) return false;
      total = result.total;
      const index = result.items.findIndex((item) => keyOf(item) === known);
      if (index < 0) {
        fresh.push(...result.items);
        if (result.items.length < limit) return false;
        continue;
      }
      fresh.push(...result.items.slice(0, index));
      const overlap = result.items.slice(index);
      const unchanged =
        total === (this.#knownTotal ?? 0) + fresh.length &&
        overlap.every((item, i) => i >= this.#entries.length || keyOf(item) === keyOf(this.#entries[i]));
      if (!unchanged) return false;
      this.#entries = [...fresh, ...this.#entries];
      this.#knownTotal = total;
      this.#lastSyncedAt = this.#now();
      return true;
    }
    return false;
  }

  /** Does again whatever failed: the next page, Load all, a refresh or a revalidation. */
  retry(): Promise<void> {
    const redo = this.#retryFailed ?? (() => (this.isLoaded ? this.loadMore() : this.ensureLoaded()));
    this.#lastError = undefined;
    this.#retryFailed = undefined;
    this.#onDidChange();
    return redo();
  }

  /** Drops requests in flight; their answers will be ignored. */
  cancel(): void {
    this.#generation++;
    this.#controller.abort();
    this.#controller = new AbortController();
    if (this.#inFlight) {
      this.#inFlight = undefined;
      this.#onDidChange();
    }
  }

  /** Restores entries from the cache (no request). */
  restore(snapshot: PagedListSnapshot<T>): void {
    this.cancel();
    this.#entries = [...snapshot.items];
    this.#knownTotal = snapshot.total;
    this.#lastSyncedAt = snapshot.syncedAt;
    this.#lastError = undefined;
    this.#onDidChange();
  }

  snapshot(): PagedListSnapshot<T> {
    return { items: this.#entries, total: this.#knownTotal, syncedAt: this.#lastSyncedAt };
  }

  /**
   * Runs a load with the list's current generation; a newer refresh or cancel wins. Errors land on
   * the list (shown on its node), never thrown to the caller.
   */
  #run(load: (signal: AbortSignal) => Promise<void>, redo: () => Promise<void>): Promise<void> {
    const generation = this.#generation;
    const signal = this.#controller.signal;
    this.#lastError = undefined;
    let promise: Promise<void> | undefined = undefined;
    promise = (async () => {
      try {
        await load(signal);
      } catch (error) {
        if (generation !== this.#generation || error instanceof CancelledError) return;
        this.#lastError = error instanceof SpotifyError ? error : new BadResponseError(String(error));
        this.#retryFailed = redo;
      } finally {
        if (generation === this.#generation && this.#inFlight === promise) this.#inFlight = undefined;
        if (generation === this.#generation) this.#onDidChange();
      }
    })();
    this.#inFlight = promise;
    this.#onDidChange();
    return promise;
  }

  /**
   * Loads `pageCount` pages starting at `offset`, in parallel (the client caps requests in flight),
   * and writes each at its offset. Pages land in order: a failure keeps what came before it.
   */
  async #loadPages(offset: number, pageCount: number, signal: AbortSignal): Promise<void> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const totalBefore = this.#knownTotal;
    const results = await fetchInOrder(pageCount, (i) => this.#fetchPage(offset + i * limit, limit, signal));
    if (generation !== this.#generation) throw new CancelledError();

    let failure: unknown;
    let cursor = offset;
    for (const result of results) {
      if (!result || result.status === 'rejected') {
        failure = result?.reason;
        break;
      }
      const page = result.value;
      if (totalBefore !== undefined && page.total !== totalBefore) {
        // The list changed on Spotify between pages: offsets no longer line up, so start over.
        await this.#reload(Math.max(this.#entries.length, cursor + page.items.length), signal);
        return;
      }
      this.#knownTotal = page.total;
      this.#entries.splice(cursor, page.items.length, ...page.items);
      cursor += page.items.length;
      if (page.items.length < limit) break; // the last page
    }
    if (cursor >= (this.#knownTotal ?? 0)) this.#entries.length = Math.min(this.#entries.length, this.#knownTotal ?? 0);
    this.#lastSyncedAt = this.#now();
    if (failure) throw failure;
  }

  /** Fetches the first `count` entries afresh and swaps them in at once. */
  async #reload(count: number, signal: AbortSignal): Promise<void> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const first = await this.#fetchPage(0, limit, signal);
    const wanted = Math.min(Math.max(count, limit), first.total);
    const pageCount = Math.max(0, Math.ceil(wanted / limit) - 1);
    const rest: Array<PageResult<T>> = [];
    for (const result of await fetchInOrder(pageCount, (i) => this.#fetchPage((i + 1) * limit, limit, signal))) {
      if (!result || result.status === 'rejected') throw result?.reason ?? new CancelledError();
      rest.push(result.value);
    }
    if (generation !== this.#generation) throw new CancelledError();
    if (rest.some((page) => page.total !== first.total)) {
      // Changed again while re-syncing: take the consistent prefix; the next load resyncs the rest.
      const consistent = rest.findIndex((page) => page.total !== first.total);
      rest.length = consistent;
    }
    this.#entries = [first, ...rest].flatMap((page) => page.items);
    this.#knownTotal = first.total;
    this.#lastSyncedAt = this.#now();
  }
}

/**
 * How many page requests one list keeps going. The client's gate caps the whole extension; this
 * keeps a Load all of 200 pages from queueing 200 requests at once, and stops it after a failure.
 */
const PAGES_IN_FLIGHT = 4;

/** Fetches `count` pages, a few at a time, in index order; after a failure no new page starts. */
async function fetchInOrder<R>(count: number, fetchAt: (index: number) => Promise<R>): Promise<Array<PromiseSettledResult<R> | undefined>> {
  const results: Array<PromiseSettledResult<R> | undefined> = Array.from({ length: count }, () => undefined);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fetchAt(index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGES_IN_FLIGHT, count) }, worker));
  return results;
}
