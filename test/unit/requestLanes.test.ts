import * as assert from 'node:assert/strict';
import { LibraryModel } from '../../src/library/libraryModel';
import { PagedList } from '../../src/library/pagedList';
import type { TrackRecord } from '../../src/library/records';
import { silentLogger } from '../../src/common/logger';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { type FakeSpotify, type FakeStats, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, control, MemorySessionStore, signInToFake } from './support/fakeSession';

/** The two lanes of the extension's client, against the fake Spotify over HTTP. */
describe('Request lanes against the fake Spotify', function () {
  this.timeout(120_000);
  let fake: FakeSpotify;

  before(async () => {
    fake = await startFakeSpotify({ liked: 1000, playlists: 6, latencyMs: 5 });
  });
  after(() => fake.close());
  beforeEach(async () => {
    await control(fake.url, '/__fake/faults/clear', {});
    await control(fake.url, '/__fake/budget/clear', {});
    await control(fake.url, '/__fake/budget', { enabled: false });
  });

  const stats = async () => (await control(fake.url, '/__fake/stats')) as FakeStats;

  async function signedIn(budget?: { requests: number; windowMs: number }) {
    return apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url)), { budget });
  }

  /** Everything in the library, every list to its end, on the background lane: the index's job. */
  async function loadEverythingInBackground(model: LibraryModel): Promise<number> {
    await model.liked.loadAll('background');
    await model.playlists.loadAll('background');
    const lists = model.playlists.items.map((playlist) => model.entriesOf(playlist));
    await Promise.all(lists.map((list) => list.loadAll('background')));
    return model.liked.items.length + lists.reduce((sum, list) => sum + list.items.length, 0);
  }

  it('under the budget model, loading the whole library on the background lane gets no 429', async () => {
    // The fake allows 60 requests per 3 s; the client is told the same budget and keeps a 20th of it
    // for the user, slack enough for requests that reach the fake a little closer together than sent.
    await control(fake.url, '/__fake/budget', { enabled: true, requests: 60, windowMs: 3_000 });
    const { api } = await signedIn({ requests: 60, windowMs: 3_000 });
    const model = new LibraryModel(api, () => 50, silentLogger);
    const before = await stats();
    const loaded = await loadEverythingInBackground(model);
    const after = await stats();
    assert.equal(after.rateLimited - before.rateLimited, 0, '429s received');
    assert.equal(after.budget.rateLimited, 0);
    assert.equal(model.liked.error, undefined);
    assert.equal(model.liked.items.length, 1000);
    assert.ok(loaded > 1000 + 5000, `loaded ${loaded} entries`);
    assert.ok(after.apiRequests - before.apiRequests > 60 * 2, 'the job is several windows long');
    model.dispose();
  });

  it('the same kind of job with no pacing (the interactive lane) runs into the budget model', async () => {
    await control(fake.url, '/__fake/budget', { enabled: true, requests: 10, windowMs: 2_000 });
    const { api, client } = await signedIn({ requests: 20, windowMs: 2_000 });
    const list = new PagedList<TrackRecord>((offset, limit, signal, lane) => api.likedTracks(offset, limit, { signal, lane }), () => 50, () => undefined);
    await list.loadAll('interactive');
    assert.ok((await stats()).budget.rateLimited > 0, 'the model answered 429');
    client.gate.reset();
  });

  it('serves an interactive first page at once while the background lane is saturated', async () => {
    // A budget so small that the background lane sends about one request a minute after its burst.
    const { api, client } = await signedIn({ requests: 2, windowMs: 60_000 });
    const liked = new PagedList<TrackRecord>((offset, limit, signal, lane) => api.likedTracks(offset, limit, { signal, lane }), () => 50, () => undefined);
    const background = liked.loadAll('background');
    while (client.gate.waiting.background === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const page = await api.playlistItems(FIXTURE_PLAYLISTS.owned120, 0, 50); // interactive: the default lane
    assert.equal(page.items.length, 50);
    assert.ok(client.gate.waiting.background > 0, 'answered while background requests still wait');
    liked.cancel();
    await background;
  });

  it('sends identical GETs under way at once only once; a caller giving up does not cancel the others', async () => {
    const { api, client } = await signedIn();
    const before = await stats();
    const giveUp = new AbortController();
    const first = api.likedTracks(0, 50, { signal: giveUp.signal });
    const second = api.likedTracks(0, 50);
    const third = api.likedTracks(0, 50, { lane: 'background' });
    giveUp.abort();
    await assert.rejects(first, (error: unknown) => (error as { kind?: string }).kind === 'cancelled');
    const [page, same] = await Promise.all([second, third]);
    assert.equal(page.items.length, 50);
    assert.deepEqual(same.items, page.items);
    assert.equal((await stats()).apiRequests - before.apiRequests, 1, 'requests the fake received');
    assert.equal(client.stats.coalesced, 2);
    await api.likedTracks(0, 50);
    assert.equal((await stats()).apiRequests - before.apiRequests, 2, 'a GET after the first one ended is sent again');
  });

  it('an interactive GET does not wait for an identical background GET still paced in the queue', async () => {
    // Room for one background request a minute: the second one waits in the queue.
    const { api, client } = await signedIn({ requests: 2, windowMs: 60_000 });
    const giveUp = new AbortController();
    await api.likedTracks(0, 50, { lane: 'background', signal: giveUp.signal });
    const queued = api.likedTracks(950, 50, { lane: 'background', signal: giveUp.signal });
    queued.catch(() => undefined);
    while (client.gate.waiting.background === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const page = await api.likedTracks(950, 50);
    assert.equal(page.items.length, 50);
    assert.equal(client.gate.waiting.background, 1, 'answered while the identical background GET still waits');
    giveUp.abort();
  });

  it('a forced 429 on the interactive lane pauses the background lane too, until Retry-After', async () => {
    // Judged on the client's clock (when each request was sent, when the 429 came back), not by
    // arrival at the fake: a busy machine delivers requests late, which is not the client's doing (issue 20.19).
    const sent: Array<{ at: number; path: string }> = [];
    let limitedUntil: number | undefined;
    const observed: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      sent.push({ at: Date.now(), path: url.pathname });
      const response = await fetch(input, init);
      if (response.status === 429 && limitedUntil === undefined) limitedUntil = Date.now() + Number(response.headers.get('retry-after')) * 1000;
      return response;
    };
    // About one background request every 100 ms after the burst: the load spans the Retry-After window.
    const { api } = apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url)), { budget: { requests: 20, windowMs: 2_000 }, fetch: observed });
    const liked = new PagedList<TrackRecord>((offset, limit, signal, lane) => api.likedTracks(offset, limit, { signal, lane }), () => 50, () => undefined);
    const before = await stats();
    const background = liked.loadAll('background');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await control(fake.url, '/__fake/faults', { rateLimit: { retryAfterSeconds: 2, count: 1, pathPrefix: '/v1/playlists' } });
    const page = await api.playlistItems(FIXTURE_PLAYLISTS.owned120, 0, 50);
    await background;
    const after = await stats();
    assert.equal(page.items.length, 50);
    assert.equal(liked.items.length, 1000);
    assert.ok(after.rateLimited - before.rateLimited >= 1 && limitedUntil !== undefined, 'the interactive request got its 429');
    const liked429 = sent.filter((request) => request.path === '/v1/me/tracks');
    const inWindow = liked429.filter((request) => request.at >= limitedUntil! - 2_000 && request.at < limitedUntil!);
    assert.deepEqual(inWindow.map((request) => request.at - (limitedUntil! - 2_000)), [], 'background pages sent (ms after the 429 came back) inside its Retry-After window');
    assert.ok(liked429.some((request) => request.at >= limitedUntil!), 'background pages were still to load after the 429');
  });
});
