import * as assert from 'node:assert/strict';
import { describeRateLimit } from '../../src/api/rateLimitWords';
import { rateLimitViewMessage } from '../../src/views/rateLimitMessage';

/** The "until ..." of the error node's label: the view's message must name the same time. */
function untilOfNode(retryAt: number, now: number): string {
  return /until (.*)\.$/.exec(describeRateLimit(retryAt, false, now).node)![1];
}

describe('the rate-limit message of the view', () => {
  const now = new Date(2026, 10, 29, 21, 0).getTime();

  it('names the same time as the error node for a wait that ends today', () => {
    const until = now + 60_000;
    const message = rateLimitViewMessage(until, false, now)!;
    assert.ok(message.endsWith(`at ${untilOfNode(until, now)}.`), message);
  });

  it('names the day, as the node does, for a wait that ends tomorrow or later', () => {
    for (const until of [now + 12 * 3_600_000, now + 3 * 86_400_000]) {
      const message = rateLimitViewMessage(until, true, now)!;
      const nodeUntil = untilOfNode(until, now);
      assert.ok(/ at /.test(nodeUntil), `the node names a day: ${nodeUntil}`);
      assert.ok(message.endsWith(`${nodeUntil}.`), `agrees with the node (${nodeUntil}): ${message}`);
    }
  });

  it('says nothing once the wait is over', () => {
    assert.equal(rateLimitViewMessage(undefined, false, now), undefined);
    assert.equal(rateLimitViewMessage(now - 1, false, now), undefined);
  });
});
