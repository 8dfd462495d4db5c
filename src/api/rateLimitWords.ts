/** What the user reads about one Spotify rate-limit wait: on the node that failed, and on the view. */
export interface RateLimitWords {
  /** The failed node's label (RateLimitedError.message). */
  node: string;
  /** The view's message while the wait lasts. */
  view: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One description of "until when" for both places, so they agree: the time alone for a wait that
 * ends today, and the day too for one that ends later ("tomorrow at 08:38", "Tue, 1 Dec at 08:38").
 * In the user's locale and time zone.
 */
export function describeRateLimit(until: number, quotaExceeded: boolean, now: number = Date.now()): RateLimitWords {
  const end = new Date(until);
  const time = end.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const days = calendarDaysBetween(new Date(now), end);
  const day = days <= 0 ? undefined : days === 1 ? 'tomorrow' : end.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const whatIsUsedUp = quotaExceeded ? 'request quota' : 'request limit';
  if (!day) {
    return {
      node: `Spotify's ${whatIsUsedUp} for your app is used up until ${time}.`,
      view: `Spotify asked to slow down: loading continues at ${time}.`,
    };
  }
  return {
    node: `Spotify's ${whatIsUsedUp} for your app is used up until ${day} at ${time}.`,
    view: `Spotify asked to slow down: loading continues ${days === 1 ? '' : 'on '}${day} at ${time}.`,
  };
}

/** Local calendar days from `from` to `to` (rounded: a day across a DST change has 23 or 25 hours). */
function calendarDaysBetween(from: Date, to: Date): number {
  const startOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(to) - startOf(from)) / DAY_MS);
}
