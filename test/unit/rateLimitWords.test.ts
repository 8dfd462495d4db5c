import * as assert from 'node:assert/strict';
import { RateLimitedError } from '../../src/api/errors';
import { describeRateLimit } from '../../src/api/rateLimitWords';

// Dates are built in local time, so the cases hold in any time zone the tests run in.
const at = (day: number, hour: number, minute: number) => new Date(2026, 10, day, hour, minute).getTime();
const timeOf = (epoch: number) => new Date(epoch).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

describe('describeRateLimit', () => {
  const now = at(29, 20, 30);

  it('names only the time for a wait that ends today, on the node and on the view', () => {
    const until = at(29, 20, 38);
    assert.deepEqual(describeRateLimit(until, false, now), {
      node: `Spotify's request limit for your app is used up until ${timeOf(until)}.`,
      view: `Spotify asked to slow down: loading continues at ${timeOf(until)}.`,
    });
  });

  it('says tomorrow for a day-long QUOTA_EXCEEDED wait, on the node and on the view', () => {
    const until = at(30, 8, 38);
    assert.deepEqual(describeRateLimit(until, true, now), {
      node: `Spotify's request quota for your app is used up until tomorrow at ${timeOf(until)}.`,
      view: `Spotify asked to slow down: loading continues tomorrow at ${timeOf(until)}.`,
    });
  });

  it('says tomorrow for a short wait that crosses midnight', () => {
    const until = at(30, 0, 1);
    assert.match(describeRateLimit(until, false, at(29, 23, 59)).node, /until tomorrow at /);
  });

  it('names the date for a wait that ends after tomorrow', () => {
    const until = at(31, 8, 38);
    const date = new Date(until).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
    assert.deepEqual(describeRateLimit(until, false, now), {
      node: `Spotify's request limit for your app is used up until ${date} at ${timeOf(until)}.`,
      view: `Spotify asked to slow down: loading continues on ${date} at ${timeOf(until)}.`,
    });
  });

  it('writes the time and the day in the display language', () => {
    const today = at(29, 20, 38);
    assert.match(describeRateLimit(today, false, now, 'en-US').node, /until 08:38\sPM\.$/);
    assert.match(describeRateLimit(today, false, now, 'de').node, /until 20:38\.$/);
    const later = at(31, 8, 38); // Tuesday, 1 December 2026
    assert.equal(describeRateLimit(later, false, now, 'de').view, 'Spotify asked to slow down: loading continues on Di., 1. Dez. at 08:38.');
    assert.equal(describeRateLimit(later, false, now, 'en-GB').view, 'Spotify asked to slow down: loading continues on Tue 1 Dec at 08:38.');
  });

  it('is what a RateLimitedError says unless told otherwise', () => {
    const until = Date.now() + 86_400_000;
    assert.equal(new RateLimitedError(until, true).message, describeRateLimit(until, true).node);
  });
});
