import { CancelledError, SpotifyError, BadResponseError } from '../api/errors';
import type { RequestLane } from '../api/requestGate';
import type { PageResult } from './records';
import { l10n } from '../common/l10n';

/** `lane`: 'background' for work nobody waits on (revalidation, indexing), else 'interactive'. */
export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal, lane: RequestLane) => Promise<PageResult<T>>;

export interface PagedListSnapshot<T> {
  readonly items: readonly T[];
  readonly total?: number;
  readonly syncedAt?: number;
  /** Where the next page starts: entries the normaliser dropped still took their offsets (absent: items.length). */
  readonly nextOffset?: number;
}

/**
 * How many pages a revalidation re-syncs when the cheap check fails: the first few, not every
 * cached page (an unlike in an 8,000-song cache); the rest load again as the user pages.
 */
const RESYNC_PAGES = 4;

/**
 * One list Spotify serves in pages (Liked Songs, the playlists, one playlist's entries).
 * Pages are asked for at offsets 0, limit, 2*limit..., and the next page starts where the last one
 * was asked to end, so an entry the normaliser drops never shifts, duplicates or ends the list;
 * when Spotify's total changes between pages the list re-syncs instead of shifting. Every load
 * carries a generation: an answer to an older generation (before a refresh or cancel) is dropped,
 * never painted.
 */
export class PagedList<T> {
  #entries: T[] = [];
  /** The raw offset the next page starts at: the entries are the readable ones of [0, nextOffset). */
  #nextOffset = 0;
  #knownTotal: number | undefined;
  #lastError: SpotifyError | undefined;
  #inFlight: Promise<void> | undefined;
  #generation = 0;
  /** How often the user cancelled (a collapse, a progress's Cancel): what loadAllForUser checks between its steps. */
  #userCancels = 0;
  #controller = new AbortController();
  #lastSyncedAt: number | undefined;
  /** The revalidation or refresh in flight (it replaces the entries rather than adding a page). */
  #sync: Promise<void> | undefined;
  /** How to start the sync in flight again. */
  #redoSync: (() => Promise<void>) | undefined;
  /** A sync a cancel (a collapse) interrupted: the next ensureLoaded() starts it again. */
  #interruptedSync: (() => Promise<void>) | undefined;
  /** What failed last (the next page, a refresh, a revalidation), for Retry to do again. */
  #retryFailed: (() => Promise<void>) | undefined;
  /** Whether prefetchFirstPage asked since the list was last restored (it asks once). */
  #prefetched = false;
  /** The prefetch in flight, if any: an expand meanwhile waits for it and asks again if it failed. */
  #prefetch: Promise<void> | undefined;
  /** The user's writes to Spotify under way on this list (see beginWrite). */
  #writesInFlight = 0;
  /** The sync asked for (or interrupted) while writes were under way: it runs once they all landed. */
  #syncAfterWrites: { redo: () => Promise<void>; done: Promise<void>; resolve: () => void } | undefined;

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
  /** Where the next page starts; can exceed items.length when Spotify sent entries that could not be read. */
  get nextOffset(): number {
    return this.#nextOffset;
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
    return this.#knownTotal === undefined || this.#nextOffset < this.#knownTotal;
  }
  /** A background revalidation (or refresh) is what is in flight: the entries shown meanwhile stay usable. */
  get isRevalidating(): boolean {
    return this.#inFlight !== undefined && this.#inFlight === this.#sync;
  }
  get syncedAt(): number | undefined {
    return this.#lastSyncedAt;
  }

  /**
   * The first page, unless something is loaded already. Resolves when it is there (or failed).
   * A revalidation a collapse interrupted starts again here, behind the entries already shown.
   */
  ensureLoaded(): Promise<void> {
    const interrupted = this.#interruptedSync;
    if (interrupted && !this.#inFlight && this.isLoaded) {
      this.#interruptedSync = undefined;
      void interrupted();
      return Promise.resolve();
    }
    if (this.isLoaded || this.#lastError) return Promise.resolve();
    // A prefetch keeps no failure: once it is over, a failed one is asked again here, and kept.
    if (this.#inFlight) return this.#inFlight === this.#prefetch ? this.#inFlight.then(() => this.ensureLoaded()) : this.#inFlight;
    return this.#run((signal) => this.#loadPages(1, signal, 'interactive'), () => this.ensureLoaded());
  }

  /**
   * The first page before anyone opens the list (a collapsed section's count), asked once until the
   * list is restored again. A failure is not kept: the list stays as never asked, so opening it asks
   * again and shows the failure there, and nothing says it failed meanwhile.
   */
  prefetchFirstPage(lane: RequestLane = 'background'): Promise<void> {
    if (this.#prefetched || this.isLoaded || this.#lastError || this.#inFlight) return Promise.resolve();
    this.#prefetched = true;
    this.#prefetch = this.#run((signal) => this.#loadPages(1, signal, lane), () => this.ensureLoaded(), { keepsFailure: false });
    return this.#prefetch;
  }

  /** One more page; pressed during a revalidation it waits for it, then loads the page. */
  loadMore(lane: RequestLane = 'interactive'): Promise<void> {
    if (this.#inFlight) {
      if (this.isRevalidating) return this.#inFlight.then(() => (this.#lastError ? undefined : this.loadMore(lane)));
      return this.#inFlight;
    }
    if (!this.hasMore) return Promise.resolve();
    return this.#run((signal) => this.#loadPages(1, signal, lane), () => this.loadMore(lane));
  }

  /**
   * Every remaining page, fetched in parallel from the offsets the total implies. An indexer
   * passes 'background' so the pages are paced under the request budget behind the user's requests.
   */
  loadAll(lane: RequestLane = 'interactive'): Promise<void> {
    if (this.#inFlight) return this.#inFlight.then(() => (this.hasMore && !this.#lastError ? this.loadAll(lane) : undefined));
    if (!this.hasMore) return Promise.resolve();
    return this.#run(async (signal) => {
      if (this.#knownTotal === undefined) await this.#loadPages(1, signal, lane);
      const remaining = Math.max(0, (this.#knownTotal ?? 0) - this.#nextOffset);
      await this.#loadPages(Math.ceil(remaining / this.#pageSize()), signal, lane);
    }, () => this.loadAll(lane));
  }

  /**
   * The user's Load All (and every user action that needs a whole list): the first page, which
   * the user waits for, at once; the rest paced by the request budget in the background lane, as
   * the indexer's pages are, so 10,000 songs are not 200 requests in a few seconds.
   */
  async loadAllForUser(): Promise<void> {
    const cancels = this.#userCancels;
    await this.ensureLoaded();
    // A Cancel while the first page was on its way stops the whole Load All, not just that page.
    if (!this.#lastError && cancels === this.#userCancels) await this.loadAll('background');
  }

  /** Resolves when nothing is in flight any more. */
  async whenIdle(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }

  /** Re-fetches as many entries as were loaded (at least one page), replacing the list at once. */
  refresh(): Promise<void> {
    if (this.#writesInFlight > 0) return this.#deferSync(() => this.refresh());
    this.#cancelRequests();
    const count = Math.max(this.#nextOffset, 1);
    return this.#startSync((signal) => this.#reload(count, signal, 'interactive'), () => this.refresh());
  }

  /**
   * Brings a loaded list up to date. For a newest-first list (`keyOf` given) new entries are
   * fetched until a known one is met and the totals agree: three new likes cost one request.
   * Anything else, or any doubt, re-syncs the first few pages; the rest load again as the user pages.
   * Its requests take the background lane: the entries shown meanwhile stay usable.
   */
  revalidate(keyOf?: (item: T) => string, mode: 'newestFirst' | 'firstPage' = 'newestFirst'): Promise<void> {
    if (!this.isLoaded) return this.ensureLoaded();
    if (this.#writesInFlight > 0) return this.#deferSync(() => this.revalidate(keyOf, mode));
    this.#cancelRequests();
    return this.#startSync(async (signal) => {
      const fetched: Array<PageResult<T>> = [];
      if (keyOf && this.#entries.length > 0) {
        const unchanged = mode === 'firstPage' ? await this.#firstPageUnchanged(keyOf, signal, fetched) : await this.#prependNewest(keyOf, signal, fetched);
        if (unchanged) return;
      }
      await this.#reload(Math.min(Math.max(this.#nextOffset, 1), RESYNC_PAGES * this.#pageSize()), signal, 'background', fetched);
    }, () => this.revalidate(keyOf, mode));
  }

  /** For a list that cannot be read from the top incrementally (cursor paging): same first page, same total. */
  async #firstPageUnchanged(keyOf: (item: T) => string, signal: AbortSignal, fetched: Array<PageResult<T>>): Promise<boolean> {
    const generation = this.#generation;
    const first = await this.#fetchPage(0, this.#pageSize(), signal, 'background');
    if (generation !== this.#generation) throw new CancelledError();
    fetched.push(first);
    const same = first.total === this.#knownTotal && first.items.every((item, i) => i >= this.#entries.length || keyOf(item) === keyOf(this.#entries[i]));
    if (same) this.#lastSyncedAt = this.#now();
    return same;
  }

  /** Adds the entries new on top; false when that is not all that changed. Pages it fetched land in `fetched`. */
  async #prependNewest(keyOf: (item: T) => string, signal: AbortSignal, fetched: Array<PageResult<T>>): Promise<boolean> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const known = keyOf(this.#entries[0]);
    const fresh: T[] = [];
    let total: number | undefined;
    // A few pages of new entries at most; past that a re-sync is as cheap.
    for (let page = 0; page < RESYNC_PAGES; page++) {
      const result = await this.#fetchPage(page * limit, limit, signal, 'background');
      if (generation !== this.#generation) throw new CancelledError();
      fetched.push(result);
      if (total !== undefined && result.total !== total) return false;
      total = result.total;
      const index = result.items.findIndex((item) => keyOf(item) === known);
      if (index < 0) {
        fresh.push(...result.items);
        if ((page + 1) * limit >= total) return false;
        continue;
      }
      fresh.push(...result.items.slice(0, index));
      const overlap = result.items.slice(index);
      const unchanged =
        total === (this.#knownTotal ?? 0) + fresh.length &&
        overlap.every((item, i) => i >= this.#entries.length || keyOf(item) === keyOf(this.#entries[i]));
      if (!unchanged) return false;
      this.#entries = [...fresh, ...this.#entries];
      this.#nextOffset = Math.min(this.#nextOffset + fresh.length, total);
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

  /**
   * Drops requests in flight; their answers will be ignored. A revalidation it interrupts (a
   * collapse) is not lost: the next ensureLoaded() (an expand) starts it again.
   */
  cancel(): void {
    this.#userCancels++;
    const interrupted = this.isRevalidating ? this.#redoSync : undefined;
    this.#cancelRequests();
    this.#interruptedSync = interrupted;
  }

  /**
   * A change the user made, shown before Spotify confirms it (and undone the same way when Spotify
   * refuses): the loaded entries as they now are, and how many entries Spotify's whole list gained
   * (negative: lost). A page in flight was asked for at offsets this moves: it is dropped.
   */
  applyLocalEdit(entries: readonly T[], totalDelta: number): void {
    if (!this.isLoaded) return;
    // A revalidation the edit interrupts is not dropped: it runs again, after the writes landed.
    const interrupted = this.isRevalidating ? this.#redoSync : undefined;
    this.#cancelRequests();
    const total = Math.max(0, (this.#knownTotal ?? 0) + totalDelta);
    this.#nextOffset = Math.max(0, Math.min(this.#nextOffset + entries.length - this.#entries.length, total));
    this.#entries = [...entries];
    this.#knownTotal = total;
    this.#onDidChange();
    if (interrupted) void (this.#writesInFlight > 0 ? this.#deferSync(interrupted) : interrupted());
  }

  /**
   * A write of the user's to Spotify starts (a like, an add): until every write begun has ended
   * (call the function returned, once, when Spotify answered or refused), a refresh or revalidation
   * waits, so an answer Spotify gave before the write landed never replaces what the user sees.
   * The syncs asked for meanwhile run once, after the last write.
   */
  beginWrite(): () => void {
    this.#writesInFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#writesInFlight > 0) return;
      const waiting = this.#syncAfterWrites;
      this.#syncAfterWrites = undefined;
      if (waiting) void waiting.redo().then(waiting.resolve, waiting.resolve);
    };
  }

  /** Keeps the latest sync asked for while writes are under way; resolves when it has run. */
  #deferSync(redo: () => Promise<void>): Promise<void> {
    if (this.#syncAfterWrites) {
      this.#syncAfterWrites.redo = redo;
      return this.#syncAfterWrites.done;
    }
    let resolve!: () => void;
    const done = new Promise<void>((settle) => (resolve = settle));
    this.#syncAfterWrites = { redo, done, resolve };
    return done;
  }

  /** Restores entries from the cache (no request). */
  restore(snapshot: PagedListSnapshot<T>): void {
    this.#cancelRequests();
    this.#entries = [...snapshot.items];
    this.#knownTotal = snapshot.total;
    const nextOffset = snapshot.nextOffset ?? snapshot.items.length;
    this.#nextOffset = snapshot.total === undefined ? nextOffset : Math.min(nextOffset, snapshot.total);
    this.#lastSyncedAt = snapshot.syncedAt;
    this.#lastError = undefined;
    this.#prefetched = false;
    this.#onDidChange();
  }

  snapshot(): PagedListSnapshot<T> {
    return { items: this.#entries, total: this.#knownTotal, syncedAt: this.#lastSyncedAt, nextOffset: this.#nextOffset };
  }

  /** Cancels what is in flight, including an interrupted sync: what comes next replaces it. */
  #cancelRequests(): void {
    this.#interruptedSync = undefined;
    this.#generation++;
    this.#controller.abort();
    this.#controller = new AbortController();
    if (this.#inFlight) {
      this.#inFlight = undefined;
      this.#onDidChange();
    }
  }

  #startSync(load: (signal: AbortSignal) => Promise<void>, redo: () => Promise<void>): Promise<void> {
    this.#redoSync = redo;
    return this.#run(load, redo, {
      started: (promise) => {
        this.#sync = promise;
      },
    });
  }

  /**
   * Runs a load with the list's current generation; a newer refresh or cancel wins. Errors land on
   * the list (shown on its node) unless `keepsFailure` is false, never thrown to the caller.
   */
  #run(load: (signal: AbortSignal) => Promise<void>, redo: () => Promise<void>, options: { started?: (promise: Promise<void>) => void; keepsFailure?: boolean } = {}): Promise<void> {
    const generation = this.#generation;
    const signal = this.#controller.signal;
    this.#lastError = undefined;
    let promise: Promise<void> | undefined = undefined;
    promise = (async () => {
      try {
        await load(signal);
      } catch (error) {
        if (generation !== this.#generation || error instanceof CancelledError || options.keepsFailure === false) return;
        this.#lastError = error instanceof SpotifyError ? error : new BadResponseError(String(error));
        this.#retryFailed = redo;
      } finally {
        if (generation === this.#generation && this.#inFlight === promise) this.#inFlight = undefined;
        if (generation === this.#generation) this.#onDidChange();
      }
    })();
    this.#inFlight = promise;
    options.started?.(promise);
    this.#onDidChange();
    return promise;
  }

  /**
   * Loads `pageCount` pages from the next offset, in parallel (the client caps requests in flight),
   * and appends each in order. Pages land in order: a failure keeps what came before it.
   */
  async #loadPages(pageCount: number, signal: AbortSignal, lane: RequestLane): Promise<void> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const offset = this.#nextOffset;
    let expectedTotal = this.#knownTotal;
    const results = await fetchInOrder(pageCount, (i) => this.#fetchPage(offset + i * limit, limit, signal, lane));
    if (generation !== this.#generation) throw new CancelledError();

    // Boxed: a rejection whose reason is falsy (undefined, '') is still a failure.
    let failure: { reason: unknown } | undefined;
    for (const [i, result] of results.entries()) {
      if (!result || result.status === 'rejected') {
        failure = { reason: result?.reason };
        break;
      }
      const page = result.value;
      if (expectedTotal !== undefined && page.total !== expectedTotal) {
        // The list changed on Spotify between pages: offsets no longer line up, so start over.
        await this.#reload(Math.max(this.#nextOffset, offset + (i + 1) * limit), signal, lane);
        return;
      }
      expectedTotal = page.total;
      this.#knownTotal = page.total;
      this.#entries.push(...page.items);
      this.#nextOffset = Math.min(offset + (i + 1) * limit, page.total);
      if (this.#nextOffset >= page.total) break; // the last page
    }
    this.#lastSyncedAt = this.#now();
    if (failure) throw failure.reason;
  }

  /**
   * Fetches the first `count` entries afresh and swaps them in at once. Pages a revalidation
   * already fetched (`fetched`, from offset 0) are used, not asked for again.
   */
  async #reload(count: number, signal: AbortSignal, lane: RequestLane, fetched: ReadonlyArray<PageResult<T>> = []): Promise<void> {
    const generation = this.#generation;
    const limit = this.#pageSize();
    const first = fetched[0] ?? (await this.#fetchPage(0, limit, signal, lane));
    const wanted = Math.min(Math.max(count, limit), first.total);
    const pageCount = Math.max(1, Math.ceil(wanted / limit));
    const pages: Array<PageResult<T>> = [first];
    while (pages.length < pageCount && pages.length < fetched.length && fetched[pages.length].total === first.total) pages.push(fetched[pages.length]);
    const start = pages.length;
    for (const result of await fetchInOrder(pageCount - start, (i) => this.#fetchPage((start + i) * limit, limit, signal, lane))) {
      if (!result || result.status === 'rejected') throw result?.reason ?? new CancelledError();
      pages.push(result.value);
    }
    if (generation !== this.#generation) throw new CancelledError();
    // Changed again while re-syncing: take the consistent prefix; the next load resyncs the rest.
    const inconsistent = pages.findIndex((page) => page.total !== first.total);
    if (inconsistent >= 0) pages.length = inconsistent;
    this.#entries = pages.flatMap((page) => page.items);
    this.#nextOffset = Math.min(pages.length * limit, first.total);
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

/**
 * Cursor paging in the offset shape every list shares: page N+1 starts at the cursor page N named
 * (Spotify's `after`), so requests go one after another; after a restore, the last entry's cursor
 * continues the list. Load all and Load more work unchanged on top.
 */
export function cursorPages<T>(
  fetchAfter: (after: string | undefined, offset: number, limit: number, signal: AbortSignal, lane: RequestLane) => Promise<PageResult<T>>,
  cursorAfterLoaded: (offset: number) => string | undefined,
): FetchPage<T> {
  const cursors = new Map<number, string>();
  let previous: Promise<unknown> = Promise.resolve();
  return (offset, limit, signal, lane) => {
    const page = previous.then(async () => {
      const after = offset === 0 ? undefined : (cursors.get(offset) ?? cursorAfterLoaded(offset));
      // No cursor for this offset (the page before it failed): nothing sensible to ask for.
      if (offset > 0 && !after) throw new BadResponseError(l10n.t('Spotify did not say where the next page of this list starts.'));
      const result = await fetchAfter(after, offset, limit, signal, lane);
      if (result.after) cursors.set(offset + limit, result.after);
      return result;
    });
    previous = page.catch(() => undefined);
    return page;
  };
}
