import { displayLocale } from '../common/displayLocale';
import { l10n } from '../common/l10n';

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
 * In `locale` (VS Code's display language) and the user's time zone; whole sentences per case,
 * so a translation can order them its own way.
 */
export function describeRateLimit(until: number, quotaExceeded: boolean, now: number = Date.now(), locale = displayLocale()): RateLimitWords {
  const time = formatClockTime(until, locale);
  const days = calendarDaysBetween(new Date(now), new Date(until));
  if (days <= 0) {
    return {
      node: quotaExceeded
        ? l10n.t("Spotify's request quota for your app is used up until {0}.", time)
        : l10n.t("Spotify's request limit for your app is used up until {0}.", time),
      view: l10n.t('Spotify asked to slow down: loading continues at {0}.', time),
    };
  }
  if (days === 1) {
    return {
      node: quotaExceeded
        ? l10n.t("Spotify's request quota for your app is used up until tomorrow at {0}.", time)
        : l10n.t("Spotify's request limit for your app is used up until tomorrow at {0}.", time),
      view: l10n.t('Spotify asked to slow down: loading continues tomorrow at {0}.', time),
    };
  }
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(until);
  return {
    node: quotaExceeded
      ? l10n.t("Spotify's request quota for your app is used up until {0} at {1}.", day, time)
      : l10n.t("Spotify's request limit for your app is used up until {0} at {1}.", day, time),
    view: l10n.t('Spotify asked to slow down: loading continues on {0} at {1}.', day, time),
  };
}

/** When a wait ends, as the locale writes a clock time ("14:05", "02:05 PM"), in the local time zone. */
export function formatClockTime(epochMs: number, locale = displayLocale()): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

/** Local calendar days from `from` to `to` (rounded: a day across a DST change has 23 or 25 hours). */
function calendarDaysBetween(from: Date, to: Date): number {
  const startOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(to) - startOf(from)) / DAY_MS);
}
