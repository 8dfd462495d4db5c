import * as assert from 'node:assert/strict';
import { CancelledError, RateLimitedError } from '../../src/api/errors';
import { RequestGate } from '../../src/api/requestGate';

describe('RequestGate', () => {
  it('lets at most N requests through at once', async () => {
    const gate = new RequestGate(4, 30_000);
    let inFlight = 0;
    let maxInFlight = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await gate.acquire();
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        release();
      }),
    );
    assert.equal(maxInFlight, 4);
  });

  it('holds every request during a short Retry-After window', async () => {
    const gate = new RequestGate(4, 30_000);
    const blockedUntil = Date.now() + 150;
    gate.block(blockedUntil, false);
    const release = await gate.acquire();
    assert.ok(Date.now() >= blockedUntil - 5, 'acquired before the window closed');
    release();
  });

  it('fails at once with the time when the wait is long or the quota is used up', async () => {
    const gate = new RequestGate(4, 30_000);
    gate.block(Date.now() + 86_400_000, false);
    await assert.rejects(gate.acquire(), (error: unknown) => error instanceof RateLimitedError && /used up until/.test(error.message));
    const quotaGate = new RequestGate(4, 30_000);
    quotaGate.block(Date.now() + 5_000, true);
    await assert.rejects(quotaGate.acquire(), (error: unknown) => error instanceof RateLimitedError && error.quotaExceeded);
  });
});

describe('RequestGate.reset', () => {
  it('lets requests through again at once and tells listeners', async () => {
    const gate = new RequestGate(4, 30_000);
    const seen: Array<number | undefined> = [];
    gate.onDidChangeRateLimit((until) => seen.push(until));
    gate.block(Date.now() + 86_400_000, true);
    await assert.rejects(gate.acquire());
    gate.reset();
    const release = await gate.acquire();
    release();
    assert.equal(gate.rateLimitedUntil, undefined);
    assert.equal(seen.length, 2);
    assert.equal(seen[1], undefined);
  });
});

/** Lets every timer-free continuation run (promise callbacks and the I/O turn), with no clock involved. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How a promise stands after pending continuations ran. */
async function stateOf(promise: Promise<unknown>): Promise<'waiting' | 'resolved' | 'rejected'> {
  let state: 'waiting' | 'resolved' | 'rejected' = 'waiting';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await settle();
  return state;
}

describe('RequestGate: every caller gets an answer, in order', () => {
  it('throws a long wait that arrives while callers queue to them at once, instead of stranding them', async () => {
    const gate = new RequestGate(1, 30_000);
    const release = await gate.acquire();
    const waiting = [gate.acquire(), gate.acquire()];
    for (const promise of waiting) promise.catch(() => undefined);
    gate.block(Date.now() + 60 * 60_000, false);
    for (const promise of waiting) {
      assert.equal(await stateOf(promise), 'rejected');
      await assert.rejects(promise, (error: unknown) => error instanceof RateLimitedError && /used up until/.test(error.message));
    }
    release();
  });

  it('serves waiters first in, first out: a caller arriving as a slot frees does not take it', async () => {
    const gate = new RequestGate(1, 30_000);
    const order: string[] = [];
    const release = await gate.acquire();
    const served = (who: string) => (done: () => void) => {
      order.push(who);
      done();
    };
    const waiter = gate.acquire().then(served('waiter'));
    release();
    const newcomer = gate.acquire().then(served('newcomer'));
    await Promise.all([waiter, newcomer]);
    assert.deepEqual(order, ['waiter', 'newcomer']);
  });

  it('a caller cancelled while it waits leaves the queue; the next in line gets the slot', async () => {
    const gate = new RequestGate(1, 30_000);
    const release = await gate.acquire();
    const controller = new AbortController();
    const cancelled = gate.acquire(controller.signal);
    const next = gate.acquire();
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    release();
    assert.equal(await stateOf(next), 'resolved');
    (await next)();
    (await gate.acquire())();
  });

  it('lets waiters through as soon as reset() forgets the window', async () => {
    const gate = new RequestGate(2, 30_000);
    gate.block(Date.now() + 20_000, false);
    const waiting = gate.acquire();
    assert.equal(await stateOf(waiting), 'waiting');
    gate.reset();
    assert.equal(await stateOf(waiting), 'resolved');
    (await waiting)();
  });
});

describe('RequestGate: what the view hears', () => {
  it('announces no end while a later, longer window is in force', async () => {
    const gate = new RequestGate(4, 30_000);
    const heard: Array<{ until: number | undefined; at: number }> = [];
    gate.onDidChangeRateLimit((until) => heard.push({ until, at: Date.now() }));
    const short = Date.now() + 30;
    const long = Date.now() + 300;
    gate.block(short, false);
    gate.block(long, false);
    while (!heard.some((event) => event.until === undefined)) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(heard.map((event) => event.until), [short, long, undefined]);
    assert.ok(heard[2].at >= long, 'the end was announced after the last window ended');
  });
});

describe('RequestGate: windows belong to an app (Client ID)', () => {
  it('keeps a window across signing out and in with the same Client ID', async () => {
    const gate = new RequestGate(4, 30_000);
    gate.useApp('app-a');
    const until = Date.now() + 60 * 60_000;
    gate.block(until, true);
    gate.useApp('app-a'); // signed in again with the same app
    assert.equal(gate.rateLimitedUntil, until);
    await assert.rejects(gate.acquire(), RateLimitedError);
  });

  it('another Client ID starts without the window, and switching back brings it back', async () => {
    const gate = new RequestGate(4, 30_000);
    const heard: Array<number | undefined> = [];
    gate.onDidChangeRateLimit((until) => heard.push(until));
    gate.useApp('app-a');
    const until = Date.now() + 20_000;
    gate.block(until, false);
    const waiting = gate.acquire();
    gate.useApp('app-b');
    assert.equal(gate.rateLimitedUntil, undefined);
    assert.equal(await stateOf(waiting), 'resolved', 'a caller waiting for the old app goes out for the new one');
    (await waiting)();
    gate.useApp('app-a');
    assert.equal(gate.rateLimitedUntil, until);
    assert.deepEqual(heard, [until, undefined, until]);
    gate.reset();
  });
});
