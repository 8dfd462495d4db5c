import * as assert from 'node:assert/strict';
import { RateLimitedError } from '../../src/api/errors';
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
