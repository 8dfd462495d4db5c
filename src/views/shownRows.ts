import type { PagedList } from '../library/pagedList';

/**
 * How many rows of each list the tree shows: the pages the user paged to (first expand, Load
 * more, Load All, a reveal), not what the background index read (issue 20.7). The index serves
 * Find; a list it read whole still opens on one page with "Load more", which then costs no request.
 * Kept per list object, so a refresh or a re-render keeps how far the user had paged.
 */
export class ShownRows {
  readonly #counts = new WeakMap<PagedList<unknown>, number>();

  /** The number of rows the tree shows now (one page until the user asks for more). */
  count(list: PagedList<unknown>, pageSize: number): number {
    return this.#counts.get(list) ?? pageSize;
  }

  /** Load more: one more page shown. True when those rows still have to be fetched. */
  showMore(list: PagedList<unknown>, pageSize: number): boolean {
    const count = this.count(list, pageSize) + pageSize;
    this.#counts.set(list, count);
    return list.items.length < count && list.hasMore;
  }

  /** Load All: every row, however many load. */
  showAll(list: PagedList<unknown>): void {
    this.#counts.set(list, Number.POSITIVE_INFINITY);
  }

  /** A reveal: at least the page that holds position `index`. */
  showThrough(list: PagedList<unknown>, index: number, pageSize: number): void {
    const through = (Math.floor(index / pageSize) + 1) * pageSize;
    if (through > this.count(list, pageSize)) this.#counts.set(list, through);
  }
}

/** The one record of it, read by every paging node and written by the commands that page. */
export const shownRows = new ShownRows();
