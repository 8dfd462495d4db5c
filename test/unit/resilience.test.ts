import * as assert from 'node:assert/strict';
import { BadResponseError, ForbiddenError, NetworkError, RateLimitedError, SessionExpiredError } from '../../src/api/errors';
import { PlayerApi } from '../../src/player/playerApi';
import { PagedList } from '../../src/library/pagedList';
import { type TrackRecord, trackKey } from '../../src/library/records';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, control, MemorySessionStore, signInToFake } from './support/fakeSession';

interface FakeStats {
  apiRequests: number;
  refreshRequests: number;
  rateLimited: number;
  requestsDuringRetryAfter: number;
  maxConcurrent: number;
}

/** The extension's client and paging model against the fake Spotify, with its faults switched on. */
describe('Spotify client against a misbehaving Spotify', function () {
  this.timeout(60_000);
  let fake: FakeSpotify;
  let baseline: string[];

  before(async () => {
    fake = await startFakeSpotify({ liked: 2000, playlists: 5 });
    const { api } = apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url)));
    const list = new PagedList((offset, limit, signal) => api.likedTracks(offset, limit, { signal }), () => 50, () => undefined);
    await list.loadAll();
    baseline = list.items.map(trackKey);
    assert.equal(baseline.length, 2000);
  });
  after(() => fake.close());
  beforeEach(() => control(fake.url, '/__fake/faults/clear', {}));

  const stats = async () => (await control(fake.url, '/__fake/stats')) as FakeStats;

  async function likedList(options: { requestTimeoutMs?: number } = {}) {
    const store = new MemorySessionStore(await signInToFake(fake.url));
    const stack = apiStack(fake.url, store, options);
    const list = new PagedList<TrackRecord>((offset, limit, signal) => stack.api.likedTracks(offset, limit, { signal }), () => 50, () => undefined);
    return { ...stack, store, list };
  }

  it('a 429 storm while loading 2,000 liked songs: every track once, nothing sent inside a Retry-After window', async () => {
    // Judged on the client's side, on the clock the client reads: a request counts as inside a window
    // when the client sends it after a 429 reached it and before that 429's Retry-After ends. (The
    // fake's own count judges by arrival, with a grace for requests already on the wire: a busy
    // machine delivers those late, and they were counted as if sent inside the window.)
    const clock = { now: () => Date.now() };
    let knownUntil = 0;
    const sentInside: number[] = [];
    const watchedFetch: typeof fetch = async (input, init) => {
      const sentAt = clock.now();
      if (sentAt < knownUntil) sentInside.push(knownUntil - sentAt);
      const response = await fetch(input, init);
      if (response.status === 429) knownUntil = Math.max(knownUntil, clock.now() + Number(response.headers.get('retry-after')) * 1000);
      return response;
    };
    const stack = apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url)), { fetch: watchedFetch, now: clock.now });
    const list = new PagedList<TrackRecord>((offset, limit, signal) => stack.api.likedTracks(offset, limit, { signal }), () => 50, () => undefined);
    const before = await stats();
    await control(fake.url, '/__fake/faults', { rateLimit: { retryAfterSeconds: 1, every: 7, count: 5 } });
    await list.loadAll();
    const after = await stats();
    assert.equal(list.error, undefined);
    assert.deepEqual(list.items.map(trackKey), baseline);
    assert.ok(after.rateLimited - before.rateLimited >= 3, 'the storm happened');
    assert.deepEqual(sentInside, [], 'requests sent inside a Retry-After window (ms before its end)');
    assert.ok(after.maxConcurrent <= 4, `at most 4 in flight, saw ${after.maxConcurrent}`);
  });

  it('Retry-After of a day, and QUOTA_EXCEEDED, stop at once and say until when', async () => {
    const faults = [
      // A wait that ends tomorrow names its day, not only a time that reads as today's.
      { fault: { retryAfterSeconds: 86_400, count: 1 }, words: /^Spotify's request limit for your app is used up until tomorrow at \d/ },
      { fault: { retryAfterSeconds: 5, count: 1, quotaExceeded: true }, words: /^Spotify's request quota for your app is used up until (tomorrow at )?\d/ },
    ];
    for (const { fault, words } of faults) {
      const { list } = await likedList();
      await control(fake.url, '/__fake/faults', { rateLimit: fault });
      const started = Date.now();
      await list.ensureLoaded();
      assert.ok(list.error instanceof RateLimitedError, `got ${list.error}`);
      assert.match(list.error.message, words);
      assert.equal(list.error.quotaExceeded, fault.quotaExceeded === true);
      assert.ok(Date.now() - started < 3_000, 'did not wait');
      await control(fake.url, '/__fake/faults/clear', {});
    }
  });

  /** Arrival times (ms) of the requests for liked songs the fake logged since its log was cleared. */
  async function likedRequestTimes(): Promise<Array<{ at: number; status: number }>> {
    const log = (await control(fake.url, '/__fake/log')) as Array<{ at: string; path: string; status: number }>;
    return log.filter((entry) => entry.path === '/v1/me/tracks').map((entry) => ({ at: Date.parse(entry.at), status: entry.status }));
  }

  it('Retry-After: 0 on every answer is waited out a second at a time, a few times, then fails with the time; Retry loads', async () => {
    const { list } = await likedList();
    await control(fake.url, '/__fake/log/clear', {});
    await control(fake.url, '/__fake/faults', { rateLimit: { retryAfterSeconds: 0, count: 10 } });
    await list.ensureLoaded();
    assert.ok(list.error instanceof RateLimitedError, `got ${list.error}`);
    assert.match(list.error.message, /^Spotify's request limit for your app is used up until (tomorrow at )?\d/);
    const sent = await likedRequestTimes();
    assert.deepEqual(sent.map((entry) => entry.status), [429, 429, 429, 429], 'the first try and 3 retries, then the error');
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i].at - sent[i - 1].at >= 900, `retry ${i} came ${sent[i].at - sent[i - 1].at} ms after a 429`);
    await control(fake.url, '/__fake/faults/clear', {});
    await list.retry();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
  });

  it('a 429 without Retry-After waits a few seconds, not a hot loop', async () => {
    const { list } = await likedList();
    await control(fake.url, '/__fake/log/clear', {});
    await control(fake.url, '/__fake/faults', { rateLimit: { omitRetryAfter: true, count: 1 } });
    await list.ensureLoaded();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
    const sent = await likedRequestTimes();
    assert.deepEqual(sent.map((entry) => entry.status), [429, 200]);
    assert.ok(sent[1].at - sent[0].at >= 4_500, `retried ${sent[1].at - sent[0].at} ms after a 429 with no Retry-After`);
  });

  it('a token expiring while 4 requests are in flight causes exactly one refresh', async () => {
    const { list } = await likedList();
    await list.ensureLoaded();
    await control(fake.url, '/__fake/tokens/expire', {});
    const before = await stats();
    await list.loadAll(); // 39 pages, 4 at a time, all first sent with the expired token
    const after = await stats();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 2000);
    assert.equal(after.refreshRequests - before.refreshRequests, 1);
  });

  it('invalid_grant ends the session once, and every waiting request says to sign in again', async () => {
    let ended = 0;
    const store = new MemorySessionStore(await signInToFake(fake.url));
    const { api } = apiStack(fake.url, store, { onSessionEnded: () => ended++ });
    await control(fake.url, '/__fake/config', { refreshMode: 'invalid_grant' });
    await control(fake.url, '/__fake/tokens/expire', {});
    try {
      const results = await Promise.allSettled([0, 50, 100, 150].map((offset) => api.likedTracks(offset, 50)));
      for (const result of results) {
        assert.equal(result.status, 'rejected');
        assert.ok(result.reason instanceof SessionExpiredError, String(result.reason));
      }
      assert.equal(ended, 1);
      assert.equal(store.removals, 1);
      assert.equal(store.session, undefined);
    } finally {
      await control(fake.url, '/__fake/config', { refreshMode: 'omit' });
    }
  });

  it('30% random 5xx still gives the full list, no gaps, no duplicates', async () => {
    const { list } = await likedList();
    await control(fake.url, '/__fake/faults', { serverErrors: { rate: 0.3, status: 503 } });
    await list.loadAll();
    // What a user would do when a page fails even after the client's retries: press Retry.
    for (let tries = 0; list.error && tries < 10; tries++) {
      await list.retry();
      await list.loadAll();
    }
    assert.equal(list.error, undefined);
    assert.deepEqual(list.items.map(trackKey), baseline);
  });

  it('malformed JSON ends in a clear error; Retry then loads the page', async () => {
    const { list } = await likedList();
    await control(fake.url, '/__fake/faults', { malformedJson: { count: 1 } });
    await list.ensureLoaded();
    assert.ok(list.error instanceof BadResponseError);
    assert.equal(list.error.message, 'Spotify sent a response the extension could not read.');
    await list.retry();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
  });

  it('dropped connections end in a network error after the retries; Retry then loads the page', async () => {
    const { list } = await likedList();
    await control(fake.url, '/__fake/faults', { dropConnection: { count: 3 } });
    await list.ensureLoaded();
    assert.ok(list.error instanceof NetworkError, String(list.error));
    await list.retry();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
  });

  it('a stalled response times out into a network error; Retry then loads the page', async () => {
    const { list } = await likedList({ requestTimeoutMs: 400 });
    await control(fake.url, '/__fake/faults', { stall: { count: 2 } });
    await list.ensureLoaded();
    assert.ok(list.error instanceof NetworkError, String(list.error));
    assert.match(list.error.message, /did not answer in time/);
    await list.retry();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
  });

  it('a transient 401 "Access token missing" is retried once and succeeds', async () => {
    const { list } = await likedList();
    const before = await stats();
    await control(fake.url, '/__fake/faults', { missingToken: { count: 1 } });
    await list.ensureLoaded();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
    assert.equal((await stats()).refreshRequests, before.refreshRequests, 'no refresh for a transient 401');
  });

  it('401 "Permissions missing" on a player read is a missing permission (Grant Access), never an ended sign-in', async () => {
    let ended = 0;
    const store = new MemorySessionStore(await signInToFake(fake.url));
    const { client } = apiStack(fake.url, store, { onSessionEnded: () => ended++ });
    const before = await stats();
    const error = await new PlayerApi(client).nowPlaying().then(() => undefined, (reason: unknown) => reason);
    assert.ok(error instanceof ForbiddenError && error.reason === 'insufficientScope', String(error));
    assert.equal((await stats()).refreshRequests, before.refreshRequests, 'no refresh: the token is fine');
    assert.equal(ended, 0, 'still signed in');
    assert.ok(await store.read(), 'the session is kept');
  });
});
