import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/api/errors';
import { RequestGate } from '../../src/api/requestGate';
import { ManualClock, settle } from './manualClock';

async function stateOf(promise: Promise<unknown>): Promise<'waiting' | 'resolved' | 'rejected'> {
  let state: 'waiting' | 'resolved' | 'rejected' = 'waiting';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await settle();
  return state;
}

/** 10 requests per second, 9 of them for the background lane, a burst of 2. */
function pacedGate(clock: ManualClock) {
  return new RequestGate(4, 30_000, clock, { budget: { requests: 10, windowMs: 1_000 }, backgroundBurst: 2, maxBackgroundInFlight: 2, interactiveReserve: 0.1 });
}

describe('Request scheduler: two lanes, one budget', () => {
  it('serves an interactive request at once while the background lane is saturated', async () => {
    const clock = new ManualClock();
    const gate = pacedGate(clock);
    const background = Array.from({ length: 50 }, () => gate.acquire(undefined, 'background'));
    for (const p of background) p.catch(() => undefined);
    await settle();
    assert.ok(gate.waiting.background >= 45, `the background lane is saturated (${gate.waiting.background} waiting)`);
    const interactive = gate.acquire(undefined, 'interactive');
    assert.equal(await stateOf(interactive), 'resolved', 'the interactive request waited behind background work');
    (await interactive)();
    gate.reset();
  });

  it('paces background requests under the budget in every rolling window, and keeps up with it', async () => {
    const clock = new ManualClock();
    const gate = pacedGate(clock);
    const grantedAt: number[] = [];
    const all = Array.from({ length: 40 }, () =>
      gate.acquire(undefined, 'background').then((release) => {
        grantedAt.push(clock.now());
        release();
      }),
    );
    await settle();
    for (let step = 0; step < 600 && grantedAt.length < 40; step++) await clock.advance(10);
    await Promise.all(all);
    for (const at of grantedAt) {
      const inWindow = grantedAt.filter((other) => other > at - 1_000 && other <= at).length;
      assert.ok(inWindow <= 9, `${inWindow} background requests within 1 s ending at +${at - 1_000_000} ms, the allowance is 9`);
    }
    const first = grantedAt[0];
    assert.ok(grantedAt.slice(0, 3).every((at) => at === first) === false, 'more than the burst went out at once');
    // 40 requests at 9 per second: the lower bound is 4.33 s; pacing may cost a little, not more.
    const span = grantedAt[grantedAt.length - 1] - first;
    assert.ok(span <= 4_700, `40 paced requests took ${span} ms, 9 per second allows them in about 4,300`);
  });

  it('counts interactive requests against the budget: background work waits for room', async () => {
    const clock = new ManualClock();
    const gate = pacedGate(clock);
    for (let i = 0; i < 9; i++) (await gate.acquire(undefined, 'interactive'))();
    const background = gate.acquire(undefined, 'background');
    assert.equal(await stateOf(background), 'waiting', 'the budget of this window is spent by the user');
    await clock.advance(999);
    assert.equal(await stateOf(background), 'waiting');
    await clock.advance(1);
    assert.equal(await stateOf(background), 'resolved');
    (await background)();
  });

  it('a 429 pauses both lanes until Retry-After, then both go on', async () => {
    const clock = new ManualClock();
    const gate = pacedGate(clock);
    gate.block(clock.now() + 5_000, false);
    const interactive = gate.acquire(undefined, 'interactive');
    const background = gate.acquire(undefined, 'background');
    await clock.advance(4_999);
    assert.equal(await stateOf(interactive), 'waiting');
    assert.equal(await stateOf(background), 'waiting');
    await clock.advance(1);
    assert.equal(await stateOf(interactive), 'resolved');
    await clock.advance(1_000);
    assert.equal(await stateOf(background), 'resolved');
    (await interactive)();
    (await background)();
  });

  it('halves the budget on a 429 (once per burst) and raises it a tenth of the ceiling per quiet window', async () => {
    const clock = new ManualClock();
    const gate = new RequestGate(4, 30_000, clock, { budget: { requests: 60, windowMs: 30_000 } });
    assert.equal(gate.budget.requests, 60);
    gate.block(clock.now() + 2_000, false);
    gate.block(clock.now() + 2_000, false); // the other requests of the same burst
    assert.equal(gate.budget.requests, 30);
    await clock.advance(29_999);
    assert.equal(gate.budget.requests, 30);
    await clock.advance(1);
    assert.equal(gate.budget.requests, 36);
    await clock.advance(30_000 * 10);
    assert.equal(gate.budget.requests, 60, 'never above the ceiling');
  });

  it('a lowered budget stays with its app (Client ID); another app starts at the ceiling', async () => {
    const clock = new ManualClock();
    const gate = new RequestGate(4, 30_000, clock, { budget: { requests: 60, windowMs: 30_000 } });
    gate.useApp('app-a');
    gate.block(clock.now() + 1_000, false);
    assert.equal(gate.budget.requests, 30);
    gate.useApp('app-b');
    assert.equal(gate.budget.requests, 60);
    gate.useApp('app-a');
    assert.equal(gate.budget.requests, 30);
    gate.reset();
  });

  it('a background caller cancelled while paced leaves the queue; the next gets its slot', async () => {
    const clock = new ManualClock();
    const gate = pacedGate(clock);
    (await gate.acquire(undefined, 'background'))();
    (await gate.acquire(undefined, 'background'))(); // the burst is spent
    const controller = new AbortController();
    const cancelled = gate.acquire(controller.signal, 'background');
    const next = gate.acquire(undefined, 'background');
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    await clock.advance(120);
    assert.equal(await stateOf(next), 'resolved', 'the paced slot went to the next caller');
    (await next)();
  });
});
