import * as assert from 'node:assert/strict';
import { CancelledError, RateLimitedError } from '../../src/api/errors';
import { RequestGate, type RequestLane } from '../../src/api/requestGate';
import { ManualClock } from './manualClock';

/** mulberry32: a small seeded PRNG, so a failing round can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/**
 * One round: many callers of one gate in two lanes, some holding their slot a while, some cancelled
 * while they wait, 429s (short and long) arriving in the middle, maybe a reset. The budget is small
 * (a 20 ms window) so background pacing happens in every round. Time is the test's own clock, so a
 * loaded machine cannot make a grant look later than it was. Returns what went wrong.
 */
async function round(seed: number): Promise<string[]> {
  const clock = new ManualClock();
  const later = (ms: number) => new Promise<void>((resolve) => clock.schedule(resolve, ms));
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const maxInFlight = 1 + pick(4);
  const maxBackgroundInFlight = 1 + pick(2);
  const maxAutoWaitMs = 40;
  const budgetWindowMs = 20;
  const budgetRequests = 5 + pick(6);
  const gate = new RequestGate(maxInFlight, maxAutoWaitMs, clock, { budget: { requests: budgetRequests, windowMs: budgetWindowMs }, maxBackgroundInFlight, backgroundBurst: 1 + pick(3), interactiveReserve: 0.1 });
  // Against the ceiling: a 429 arriving between a grant and this check may have lowered the budget
  // (the lowered budget is checked on a manual clock in requestScheduler.test.ts).
  const allowance = Math.floor(budgetRequests * 0.9);
  const limits: Record<RequestLane, number> = { interactive: maxInFlight, background: maxBackgroundInFlight };
  const problems: string[] = [];
  const inFlight: Record<RequestLane, number> = { interactive: 0, background: 0 };
  let blockedUntil = 0;
  let nextTicket = 0;
  const granted: Record<RequestLane, number[]> = { interactive: [], background: [] };
  /** Grant times of both lanes: the background lane must leave room under its allowance. */
  const sentAt: number[] = [];
  const calls: Array<Promise<void>> = [];
  let settled = 0;

  const call = () => {
    const ticket = nextTicket++;
    const lane: RequestLane = random() < 0.5 ? 'background' : 'interactive';
    const controller = random() < 0.2 ? new AbortController() : undefined;
    if (controller) clock.schedule(() => controller.abort(), pick(30));
    const holdMs = random() < 0.3 ? 0 : pick(4);
    const rateLimit = random();
    const sameTickFollower = random() < 0.3;
    calls.push(
      gate.acquire(controller?.signal, lane).then(
        async (release) => {
          const now = clock.now();
          if (now < blockedUntil) problems.push(`caller ${ticket} was let through ${blockedUntil - now} ms inside a Retry-After window`);
          if (lane === 'background') {
            // The gate counts sends in (now - window, now].
            const recent = sentAt.filter((at) => at > now - budgetWindowMs).length;
            if (recent > allowance) problems.push(`background caller ${ticket} went out with ${recent} sent in the last ${budgetWindowMs} ms, allowance ${allowance}`);
          }
          sentAt.push(now);
          granted[lane].push(ticket);
          if (++inFlight[lane] > limits[lane]) problems.push(`${inFlight[lane]} ${lane} in flight, at most ${limits[lane]} allowed`);
          // Always a new macrotask: grants already made have been seen before this caller blocks the gate.
          await later(holdMs);
          // What a 429 answer does: the gate holds everyone, briefly or past the auto-wait limit.
          if (rateLimit < 0.08) blockAt(clock.now() + 5 + pick(20), false);
          else if (rateLimit < 0.1) blockAt(clock.now() + 10_000, random() < 0.5);
          inFlight[lane]--;
          release();
          // A new caller arriving in the same tick as a slot frees must not take it from a waiter.
          if (sameTickFollower && nextTicket < 60) call();
          settled++;
        },
        (error: unknown) => {
          if (!(error instanceof CancelledError || error instanceof RateLimitedError)) problems.push(`caller ${ticket} failed with ${String(error)}`);
          settled++;
        },
      ),
    );
  };
  const blockAt = (until: number, quota: boolean) => {
    blockedUntil = Math.max(blockedUntil, until);
    gate.block(until, quota);
  };

  if (random() < 0.3) blockAt(clock.now() + 5 + pick(30), false);
  const callers = 5 + pick(20);
  const spawns: Array<Promise<void>> = [];
  for (let i = 0; i < callers; i++) {
    const delay = pick(3) === 0 ? 0 : pick(25);
    if (delay === 0) call();
    else spawns.push(later(delay).then(call));
  }
  if (random() < 0.25) {
    spawns.push(
      later(pick(40)).then(() => {
        blockedUntil = 0;
        sentAt.length = 0; // a reset starts the budget afresh, as a restart does
        gate.reset();
      }),
    );
  }
  // Every call ends: let through, cancelled or refused with the time. A stranded one never does.
  const deadline = clock.now() + 5_000;
  let allSpawned = false;
  const spawned = Promise.all(spawns).then(() => (allSpawned = true));
  while ((!allSpawned || settled < calls.length) && clock.now() < deadline) await clock.advance(Math.max(1, Math.min(clock.nextDueIn() ?? 5, deadline - clock.now())));
  await spawned;
  if (settled < calls.length) problems.push(`${calls.length - settled} of ${calls.length} callers never got an answer`);
  for (const lane of ['interactive', 'background'] as const) {
    const order = granted[lane];
    const outOfOrder = order.findIndex((ticket, index) => index > 0 && ticket < order[index - 1]);
    if (outOfOrder > 0) problems.push(`first in, first out broken in the ${lane} lane: caller ${order[outOfOrder]} went after caller ${order[outOfOrder - 1]} (order ${order.join(',')})`);
  }
  gate.reset();
  return problems;
}

describe('RequestGate under stress (seeded, randomized)', function () {
  this.timeout(300_000);

  it('ends every call, in arrival order per lane, never over either lane\'s limit or the background allowance, never inside a Retry-After window', async () => {
    const rounds = 300;
    for (let seed = 1; seed <= rounds; seed++) {
      const problems = await round(seed);
      assert.deepEqual(problems, [], `round with seed ${seed}`);
    }
  });
});
