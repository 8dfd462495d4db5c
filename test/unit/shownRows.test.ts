import * as assert from 'node:assert/strict';
import { PagedList } from '../../src/library/pagedList';
import type { PageResult } from '../../src/library/records';
import { ShownRows } from '../../src/views/shownRows';

interface Row {
  id: string;
}

function listOf(count: number): { list: PagedList<Row>; rows: Row[] } {
  const rows = Array.from({ length: count }, (_, i) => ({ id: `t${i}` }));
  const fetch = (offset: number, limit: number): Promise<PageResult<Row>> => Promise.resolve({ items: rows.slice(offset, offset + limit), total: rows.length, offset });
  return { list: new PagedList<Row>(fetch, () => 50, () => undefined), rows };
}

describe('ShownRows: the tree shows what the user paged to (issue 20.7)', () => {
  it('a list read whole in the background shows one page; Load more shows the next without fetching', async () => {
    const { list } = listOf(2000);
    await list.loadAll('background'); // the index
    const shown = new ShownRows();
    assert.equal(shown.count(list, 50), 50);
    assert.equal(shown.showMore(list, 50), false, 'the page is there already');
    assert.equal(shown.count(list, 50), 100);
  });

  it('Load more that fetches: the new page shows, and a like after it shows one more', async () => {
    const { list } = listOf(500);
    await list.ensureLoaded();
    const shown = new ShownRows();
    assert.equal(shown.count(list, 50), 50);
    assert.equal(shown.showMore(list, 50), true);
    await list.loadMore();
    shown.settle(list, 50);
    assert.equal(shown.count(list, 50), 100);
    list.applyLocalEdit([{ id: 'new' }, ...list.items], 1);
    assert.equal(shown.count(list, 50), 101);
  });

  it('a Load more that failed shows its page once Retry brought it', async () => {
    const { list } = listOf(500);
    await list.ensureLoaded();
    const shown = new ShownRows();
    assert.equal(shown.count(list, 50), 50);
    shown.showMore(list, 50);
    shown.settle(list, 50); // the page failed: nothing came
    assert.equal(shown.count(list, 50), 100);
    await list.loadMore(); // Retry
    assert.equal(shown.count(list, 50), 100);
  });

  it('rows added on top (a like, a new episode) show, and push nothing out of sight', async () => {
    const { list } = listOf(200);
    await list.loadAll('background');
    const shown = new ShownRows();
    assert.equal(shown.count(list, 50), 50);
    list.applyLocalEdit([{ id: 'new' }, ...list.items], 1);
    assert.equal(shown.count(list, 50), 51);
    // Paged by the command before any redraw, then a like: still one more.
    shown.showMore(list, 50);
    list.applyLocalEdit([{ id: 'newer' }, ...list.items], 1);
    assert.equal(shown.count(list, 50), 102);
  });

  it('a list the user saw to its end keeps showing whole when rows are added at its end', async () => {
    const { list } = listOf(2);
    await list.ensureLoaded();
    const shown = new ShownRows();
    assert.equal(Math.min(shown.count(list, 50), list.items.length), 2);
    list.applyLocalEdit([...list.items, ...Array.from({ length: 120 }, (_, i) => ({ id: `added${i}` }))], 120);
    assert.equal(Math.min(shown.count(list, 50), list.items.length), 122);
  });

  it('a reveal shows through the page of its row; Load All shows every row; sign-out forgets', async () => {
    const { list } = listOf(500);
    await list.loadAll('background');
    const shown = new ShownRows();
    shown.showThrough(list, 161, 50);
    assert.equal(shown.count(list, 50), 200);
    shown.showAll(list);
    assert.equal(shown.count(list, 50), Number.POSITIVE_INFINITY);
    shown.forgetAll();
    assert.equal(shown.count(list, 50), 50);
  });
});
