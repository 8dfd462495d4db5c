import * as assert from 'node:assert/strict';
import { CancelledError, ServerError } from '../../src/api/errors';
import { PagedList } from '../../src/library/pagedList';
import type { PageResult } from '../../src/library/records';

const UNREADABLE = '<unreadable>';

/** A list on "the server" that tests can change between page requests. */
class ServerList {
  items: string[];
  requests: Array<{ offset: number; limit: number; lane?: string }> = [];
  failAt = new Set<number>();
  delayMs = 0;
  constructor(count: number) {
    this.items = Array.from({ length: count }, (_, i) => `t${i}`);
  }
  fetch = async (offset: number, limit: number, signal: AbortSignal, lane?: string): Promise<PageResult<string>> => {
    this.requests.push({ offset, limit, lane });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (signal.aborted) throw new CancelledError();
    if (this.failAt.has(offset)) throw new ServerError(503, 'Spotify is having trouble');
    // Entries the normaliser cannot read (a null playlist) are dropped from the page, not from the total.
    const items = this.items.slice(offset, offset + limit).filter((item) => item !== UNREADABLE);
    return { items, total: this.items.length, offset };
  };
  readable(): string[] {
    return this.items.filter((item) => item !== UNREADABLE);
  }
}

function listOf(server: ServerList, pageSize = 50) {
  let changes = 0;
  const list = new PagedList<string>(server.fetch, () => pageSize, () => changes++);
  return { list, changes: () => changes };
}

describe('PagedList', () => {
  it('loads the first page with one request, then one page per Load more', async () => {
    const server = new ServerList(120);
    const { list } = listOf(server);
    await list.ensureLoaded();
    assert.equal(list.items.length, 50);
    assert.equal(server.requests.length, 1);
    await list.loadMore();
    assert.equal(list.items.length, 100);
    await list.loadMore();
    assert.deepEqual(list.items, server.items);
    assert.equal(list.hasMore, false);
    assert.equal(server.requests.length, 3);
  });

  it('loads all remaining pages in parallel from offsets, without gaps or duplicates', async () => {
    const server = new ServerList(1234);
    const { list } = listOf(server);
    await list.ensureLoaded();
    await list.loadAll();
    assert.deepEqual(list.items, server.items);
    assert.equal(server.requests.length, Math.ceil(1234 / 50));
    assert.deepEqual(new Set(server.requests.map((r) => r.offset)).size, server.requests.length);
  });

  it('the user\'s Load All: only the page they wait for is interactive, the rest is paced background work (issue 20.4)', async () => {
    const server = new ServerList(1234);
    const { list } = listOf(server);
    await list.loadAllForUser();
    assert.deepEqual(list.items, server.items);
    assert.deepEqual(server.requests.map((r) => r.lane), ['interactive', ...Array.from({ length: Math.ceil(1234 / 50) - 1 }, () => 'background')]);
    const loaded = listOf(new ServerList(120));
    await loaded.list.ensureLoaded();
    await loaded.list.loadAllForUser();
    assert.equal(loaded.list.items.length, 120);
  });

  it('a Cancel while the first page of a Load All is on its way stops the whole Load All', async () => {
    const server = new ServerList(1234);
    server.delayMs = 30;
    const { list } = listOf(server);
    const loading = list.loadAllForUser();
    await new Promise((resolve) => setTimeout(resolve, 5));
    list.cancel(); // the progress notification's Cancel
    await loading;
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(server.requests.length, 1, 'no page after the cancelled first one');
    assert.equal(list.items.length, 0);
  });

  it('re-syncs instead of shifting when the total changes between pages', async () => {
    const server = new ServerList(120);
    const { list } = listOf(server);
    await list.ensureLoaded();
    server.items.unshift('new-like'); // liked meanwhile: every later offset moved by one
    await list.loadMore();
    assert.deepEqual(list.items, server.items.slice(0, list.items.length));
    assert.ok(list.items.length >= 100);
    assert.equal(new Set(list.items).size, list.items.length, 'no duplicates');
  });

  it('keeps what loaded before a failed page and shows the error; Retry continues from there', async () => {
    const server = new ServerList(300);
    const { list } = listOf(server);
    await list.ensureLoaded();
    server.failAt.add(150);
    await list.loadAll();
    assert.ok(list.error instanceof ServerError);
    assert.deepEqual(list.items, server.items.slice(0, 150));
    server.failAt.clear();
    await list.retry();
    await list.loadAll();
    assert.equal(list.error, undefined);
    assert.deepEqual(list.items, server.items);
  });

  it('refresh keeps as many entries as were loaded', async () => {
    const server = new ServerList(500);
    const { list } = listOf(server);
    await list.ensureLoaded();
    await list.loadMore();
    await list.loadMore();
    server.requests = [];
    server.items[0] = 'renamed';
    await list.refresh();
    assert.equal(list.items.length, 150);
    assert.equal(list.items[0], 'renamed');
    assert.equal(server.requests.length, 3);
  });

  it('never paints a late answer over newer data (cancel, then refresh)', async () => {
    const server = new ServerList(100);
    server.delayMs = 30;
    const { list } = listOf(server);
    const stale = list.ensureLoaded();
    server.items = server.items.map((item) => `${item}-v2`);
    list.cancel();
    server.delayMs = 0;
    await list.refresh();
    await stale;
    assert.equal(list.items[0], 't0-v2');
    assert.equal(list.error, undefined);
  });

  it('revalidates a newest-first list with one request when three items were added on top', async () => {
    const server = new ServerList(10_000);
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(), total: 10_000 });
    server.items.unshift('n3', 'n2', 'n1');
    server.requests = [];
    await list.revalidate((item) => item);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(list.items.slice(0, 4), ['n3', 'n2', 'n1', 't0']);
    assert.equal(list.items.length, 10_003);
    assert.equal(list.total, 10_003);
  });

  it('re-syncs everything loaded when the total says something was removed', async () => {
    const server = new ServerList(200);
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(), total: 200 });
    server.items.splice(120, 1);
    await list.revalidate((item) => item);
    assert.deepEqual(list.items, server.items);
    assert.equal(list.total, 199);
  });

  it('Retry after a failed revalidation revalidates again (keeping the cached entries meanwhile)', async () => {
    const server = new ServerList(120);
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(), total: 120 });
    server.items.unshift('new');
    server.failAt.add(0);
    await list.revalidate((item) => item);
    assert.ok(list.error instanceof ServerError);
    assert.equal(list.items.length, 120, 'the cached entries stay usable');
    server.failAt.clear();
    await list.retry();
    assert.equal(list.error, undefined);
    assert.deepEqual(list.items.slice(0, 2), ['new', 't0']);
    assert.equal(list.total, 121);
  });

  it('pages by the requested offsets when the normaliser drops entries: no duplicate, no early end', async () => {
    const server = new ServerList(120);
    server.items[3] = UNREADABLE;
    server.items[55] = UNREADABLE;
    const { list } = listOf(server);
    await list.ensureLoaded();
    assert.equal(list.hasMore, true);
    await list.loadMore();
    assert.equal(list.hasMore, true, 'a short page is not the last page while the total says more');
    await list.loadMore();
    assert.equal(list.hasMore, false);
    assert.deepEqual(list.items, server.readable());
    assert.deepEqual(server.requests.map((r) => r.offset), [0, 50, 100]);

    // Load all from a restored snapshot continues at the next requested offset, too.
    const restoredServer = new ServerList(120);
    restoredServer.items = server.items;
    const { list: restored } = listOf(restoredServer);
    const partial = new PagedList<string>(server.fetch, () => 50, () => undefined);
    await partial.ensureLoaded();
    restored.restore(partial.snapshot());
    await restored.loadAll();
    assert.deepEqual(restored.items, server.readable());
    assert.deepEqual(restoredServer.requests.map((r) => r.offset), [50, 100]);
  });

  it('a collapse (cancel) during a revalidation leaves it to be done on the next expand', async () => {
    const server = new ServerList(200);
    server.delayMs = 30;
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(0, 100), total: 200 });
    server.items.unshift('new');
    const revalidation = list.revalidate((item) => item);
    list.cancel(); // the node was collapsed
    await revalidation;
    assert.equal(list.items[0], 't0', 'nothing painted from the cancelled revalidation');
    await list.ensureLoaded(); // expanded again: the cached entries show at once...
    assert.equal(list.items[0], 't0');
    await waitUntil(() => !list.isLoading);
    assert.equal(list.items[0], 'new', '...and the revalidation runs behind them');
    assert.equal(list.total, 201);
  });

  it('queues Load more pressed during a revalidation instead of dropping it', async () => {
    const server = new ServerList(500);
    server.delayMs = 20;
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(0, 100), total: 500 });
    const revalidation = list.revalidate((item) => item);
    const loadMore = list.loadMore();
    await Promise.all([revalidation, loadMore]);
    assert.equal(list.items.length, 150);
    assert.deepEqual(list.items, server.items.slice(0, 150));
  });

  it('revalidates an 8,000-entry cache after one removal with a few requests, then pages on from there', async () => {
    const server = new ServerList(8000);
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(), total: 8000 });
    server.items.shift(); // one unlike
    await list.revalidate((item) => item);
    assert.ok(server.requests.length <= 4, `${server.requests.length} requests`);
    assert.equal(list.total, 7999);
    assert.deepEqual(list.items, server.items.slice(0, list.items.length), 'what shows is what Spotify lists now');
    assert.equal(list.hasMore, true);
    const loaded = list.items.length;
    await list.loadMore();
    assert.deepEqual(list.items, server.items.slice(0, loaded + 50), 'the rest loads lazily, without gaps');
  });
});

describe('PagedList.prefetchFirstPage (a collapsed section’s count)', () => {
  it('asks the first page once, on the background lane, and keeps it: the total is known before anyone opens the list', async () => {
    const server = new ServerList(120);
    const { list } = listOf(server);
    await list.prefetchFirstPage();
    assert.equal(list.total, 120);
    assert.equal(list.items.length, 50);
    await list.prefetchFirstPage();
    await list.ensureLoaded();
    assert.deepEqual(server.requests, [{ offset: 0, limit: 50, lane: 'background' }], 'the expand after it asks nothing more');
  });

  it('keeps no failure: no error on the list, no second try, and opening it asks again on the interactive lane and shows the failure', async () => {
    const server = new ServerList(120);
    server.failAt.add(0);
    const { list } = listOf(server);
    await list.prefetchFirstPage();
    assert.equal(list.error, undefined);
    assert.equal(list.total, undefined);
    assert.equal(list.isLoading, false);
    await list.prefetchFirstPage();
    assert.equal(server.requests.length, 1, 'once: every repaint of the row does not ask again');
    await list.ensureLoaded();
    assert.deepEqual(server.requests.map((request) => request.lane), ['background', 'interactive']);
    const shown: unknown = list.error; // read anew: the assertion above narrowed it
    assert.ok(shown instanceof ServerError, 'the expand shows it');
  });

  it('an expand while it is in flight waits for it, and asks again when it failed', async () => {
    const server = new ServerList(120);
    server.failAt.add(0);
    server.delayMs = 20;
    const { list } = listOf(server);
    const prefetch = list.prefetchFirstPage();
    const expand = list.ensureLoaded();
    await prefetch;
    server.failAt.clear();
    await expand;
    assert.deepEqual(server.requests.map((request) => request.lane), ['background', 'interactive']);
    assert.equal(list.items.length, 50);
    assert.equal(list.error, undefined);
  });

  it('asks nothing for a list that is loaded, loading or failed; a restore (another account) lets it ask once again', async () => {
    const server = new ServerList(120);
    const { list } = listOf(server);
    list.restore({ items: server.items.slice(0, 50), total: 120 });
    await list.prefetchFirstPage();
    assert.equal(server.requests.length, 0, 'restored from the cache: the count is known');

    list.restore({ items: [] });
    server.failAt.add(0);
    await list.ensureLoaded();
    await list.prefetchFirstPage();
    assert.equal(server.requests.length, 1, 'an expand failed: its error row offers Retry, the row asks nothing');

    list.restore({ items: [] });
    server.failAt.clear();
    server.delayMs = 20;
    const expand = list.ensureLoaded();
    await list.prefetchFirstPage();
    await expand;
    assert.deepEqual(server.requests.map((request) => request.lane), ['interactive', 'interactive'], 'loading: nothing more');

    list.restore({ items: [] });
    await list.prefetchFirstPage();
    assert.equal(list.total, 120);
    assert.equal(server.requests.at(-1)?.lane, 'background', 'restored afresh: it asks once again');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
