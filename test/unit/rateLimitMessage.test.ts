import * as assert from 'node:assert/strict';
import { rateLimitMessage } from '../../src/api/requestGate';
import { formatRetryTime, rateLimitViewMessage } from '../../src/views/rateLimitMessage';

/** The "until ..." of the error node's label: the view's message must name the same time. */
function untilOfNode(retryAt: number): string {
  return /until (.*)\.$/.exec(rateLimitMessage(retryAt, false))![1];
}

describe('the rate-limit message of the view', () => {
  it('names the same time as the error node for a wait that ends today', () => {
    const now = Date.now();
    const until = now + 1000;
    const message = rateLimitViewMessage(until, now);
    assert.equal(message, `Spotify asked to slow down: loading continues at ${formatRetryTime(until, now)}.`);
    if (new Date(until).toDateString() === new Date(now).toDateString()) assert.ok(message!.endsWith(`at ${untilOfNode(until)}.`), message);
  });

  it('names the day, as the node does, for a wait past today', () => {
    const now = Date.now();
    const until = now + 2 * 86_400_000;
    const message = rateLimitViewMessage(until, now)!;
    assert.ok(message.includes(new Date(until).toLocaleDateString()), `the day is named: ${message}`);
    assert.ok(message.endsWith(`at ${untilOfNode(until)}.`), `agrees with the node ("${rateLimitMessage(until, false)}"): ${message}`);
  });

  it('says nothing once the wait is over', () => {
    assert.equal(rateLimitViewMessage(undefined), undefined);
    assert.equal(rateLimitViewMessage(1000, 2000), undefined);
  });
});
