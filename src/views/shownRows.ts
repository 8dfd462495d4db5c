import type { PagedList } from '../library/pagedList';

/** Where the shown rows end: the last row shown, or every row once the user reached the list's end. */
interface Boundary {
  /** Rows shown when the last row cannot be found any more (it was removed). */
  readonly count: number;
  /** The key of the last row shown: rows added above it (a like, a new episode) push it down, and show. */
  readonly lastKey?: string;
  /** The user saw the whole list: what is added at its end (their own Add to Playlist) shows too. */
  readonly whole?: boolean;
}

/**
 * How many rows of each list the tree shows: the pages the user paged to (first expand, Load
 * more, Load All, a reveal), not what the background index read (issue 20.7). The index serves
 * Find; a list it read whole still opens on one page with "Load more", which then costs no request.
 * Kept per list object, so a refresh or a re-render keeps how far the user had paged.
 */
export class ShownRows {
  #boundaries = new WeakMap<PagedList<unknown>, Boundary>();

  /** The number of rows the tree shows now (one page until the user asks for more). */
  count(list: PagedList<unknown>, pageSize: number): number {
    const boundary = this.#boundaries.get(list) ?? { count: pageSize };
    if (boundary.whole) return Number.POSITIVE_INFINITY;
    const at = boundary.lastKey === undefined ? -1 : list.items.findIndex((item) => rowKey(item) === boundary.lastKey);
    const count = at >= 0 ? at + 1 : boundary.count;
    this.#anchor(list, count);
    return this.#boundaries.get(list)?.whole ? Number.POSITIVE_INFINITY : count;
  }

  /** After a page the user asked for arrived: what later changes are measured from is its last row. */
  settle(list: PagedList<unknown>, pageSize: number): void {
    this.count(list, pageSize);
  }

  #anchor(list: PagedList<unknown>, count: number): void {
    // Rows still to come (a Load more that failed, for Retry to fetch) have no last row yet.
    if (list.items.length < count && list.hasMore) return void this.#boundaries.set(list, { count });
    const shown = Math.min(count, list.items.length);
    const whole = shown >= list.items.length && list.isLoaded && !list.hasMore;
    this.#boundaries.set(list, { count, lastKey: shown > 0 ? rowKey(list.items[shown - 1]) : undefined, whole });
  }

  /** Load more: one more page shown. True when those rows still have to be fetched. */
  showMore(list: PagedList<unknown>, pageSize: number): boolean {
    const count = (this.#boundaries.get(list)?.count ?? pageSize) + pageSize;
    this.#anchor(list, count);
    return list.items.length < count && list.hasMore;
  }

  /** Load All (or Sort): every row, however many load. */
  showAll(list: PagedList<unknown>): void {
    this.#boundaries.set(list, { count: Number.POSITIVE_INFINITY, whole: true });
  }

  /** A reveal: at least the page that holds position `index`. */
  showThrough(list: PagedList<unknown>, index: number, pageSize: number): void {
    const through = (Math.floor(index / pageSize) + 1) * pageSize;
    const boundary = this.#boundaries.get(list);
    if (boundary?.whole || (boundary?.count ?? pageSize) >= through) return;
    this.#boundaries.set(list, { count: through });
  }

  /** Signed out (or another account): every list starts again at its first page. */
  forgetAll(): void {
    this.#boundaries = new WeakMap();
  }
}

/** The key a row is known by: its id (or name) and when it was added; the node ids are built from it. */
export function rowKey(item: unknown): string {
  const record = item as { id?: string; addedAt?: string; name?: string; uriOverride?: string };
  return `${record.id ?? record.uriOverride ?? record.name ?? ''}@${record.addedAt ?? ''}`;
}

/** The one record of it, read by every paging node and written by the commands that page. */
export const shownRows = new ShownRows();
