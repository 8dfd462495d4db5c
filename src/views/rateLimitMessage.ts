import { describeRateLimit } from '../api/rateLimitWords';
import { displayLocale } from '../common/displayLocale';

/**
 * The view's message while Spotify holds requests, worded by the same describeRateLimit as the
 * error node's "used up until ...", so the two never disagree.
 */
export function rateLimitViewMessage(until: number | undefined, quotaExceeded: boolean, now = Date.now(), locale = displayLocale()): string | undefined {
  if (until === undefined || until <= now) return undefined;
  return describeRateLimit(until, quotaExceeded, now, locale).view;
}
