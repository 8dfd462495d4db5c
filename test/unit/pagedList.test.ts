import * as assert from 'node:assert/strict';
import { CancelledError, ServerError } from '../../src/api/errors';
import { PagedList } from '../../src/library/pagedList';
import type { PageResult } from '../../src/library/records';

/** A list on "the server" that tests can change between page requests. */
class ServerList {
  items: string[];
  requests: Array<{ offset: number; limit: number }> = [];
  failAt = new Set<number>();
  delayMs = 0;
  constructor(count: number) {
    this.items = Array.from({ length: count }, (_, i) => `t${i}`);
  }
  fetch = async (offset: number, limit: number, signal: AbortSignal): Promise<PageResult<string>> => {
    this.requests.push({ offset, limit });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (signal.aborted) throw new CancelledError();
    if (this.failAt.has(offset)) throw new ServerError(503, 'Spotify is having trouble');
    return { items: this.items.slice(offset, offset + limit), total: this.items.length, offset };
  };
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
});
