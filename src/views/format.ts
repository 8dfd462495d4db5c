/**
 * Text helpers for the tree: durations, counts, dates and relative times, formatted with Intl for
 * `locale` (VS Code's display language by default, see common/displayLocale.ts) in the local time
 * zone. Pure: the locale is a parameter, so each is unit-tested in several languages.
 */
import { displayLocale } from '../common/displayLocale';
import { l10n } from '../common/l10n';

export { formatDuration } from '../common/duration';

/** "8,213" in English, "8.213" in German. */
export function formatCount(count: number, locale = displayLocale()): string {
  return new Intl.NumberFormat(locale).format(count);
}

/**
 * "3 tracks": the count in the locale's digits with an English noun. Words to translate need
 * whole sentences per form (vscode.l10n.t('{0} tracks', formatCount(n))): this is for nouns
 * that are not translated yet.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`, locale = displayLocale()): string {
  return `${formatCount(count, locale)} ${count === 1 ? singular : pluralForm}`;
}

/** How long ago `since` was: "just now", "3 minutes ago", "2 hours ago", "yesterday", "3 days ago". */
export function formatAge(since: number, now = Date.now(), locale = displayLocale()): string {
  const minutes = Math.floor((now - since) / 60_000);
  if (minutes < 1) return l10n.t('just now');
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return relative.format(-hours, 'hour');
  return relative.format(-Math.floor(hours / 24), 'day');
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day as the locale writes it ("Mar 3, 2024", "03.03.2024"), in the local time zone. A bare
 * date ("2024-03-03", a release date) is that day everywhere, not UTC midnight moved a day back.
 */
export function formatDate(iso: string | undefined, locale = displayLocale()): string | undefined {
  if (!iso) return undefined;
  const dateOnly = DATE_ONLY.exec(iso);
  const date = dateOnly ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/**
 * A release date at the precision Spotify gives it: "2024" as the year, "2024-03" as month and
 * year ("Mar 2024", "März 2024"), "2024-03-03" as a day; anything else as it came.
 */
export function formatReleaseDate(releaseDate: string | undefined, locale = displayLocale()): string | undefined {
  // Spotify sends the year 0000 for a date it does not know: nothing to show.
  if (!releaseDate || releaseDate.startsWith('0000')) return undefined;
  const month = /^(\d{4})-(\d{2})$/.exec(releaseDate);
  if (month) return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short' }).format(new Date(Number(month[1]), Number(month[2]) - 1, 1));
  if (DATE_ONLY.test(releaseDate)) return formatDate(releaseDate, locale);
  return releaseDate;
}

/**
 * Untrusted text as Markdown that renders as itself: every ASCII punctuation mark backslash-escaped
 * (CommonMark), `<` and `&` included, which MarkdownString.appendText leaves alone.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Spotify's strings as plain text in a quick pick row: `$(name)` would otherwise draw an icon. */
export function plainLabel(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** The year of a release date (YYYY, YYYY-MM or YYYY-MM-DD). */
export function formatYear(releaseDate: string | undefined): string | undefined {
  return releaseDate && /^\d{4}/.test(releaseDate) && !releaseDate.startsWith('0000') ? releaseDate.slice(0, 4) : undefined;
}

/** Where the user left off an episode: "23 min left", "played", or nothing when Spotify gave no resume point. */
export function formatResume(durationMs: number | undefined, resumeMs: number | undefined, played: boolean | undefined, locale = displayLocale()): string | undefined {
  if (played) return l10n.t('played');
  if (resumeMs === undefined || resumeMs <= 0 || durationMs === undefined) return undefined;
  const left = Math.max(1, Math.ceil((durationMs - resumeMs) / 60_000));
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(left);
  return l10n.t('{0} left', minutes);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a play was, short: "now", "12 min. ago", "3 hr. ago", "yesterday", "4 days ago" (German:
 * "jetzt", "vor 12 Min." ...), all from Intl.RelativeTimeFormat; a week or more ago, the day.
 */
export function formatPlayedAgo(playedAt: number, now = Date.now(), locale = displayLocale()): string {
  const elapsed = Math.max(0, now - playedAt);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (elapsed < MINUTE) return relative.format(0, 'second');
  if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 7 * DAY) return relative.format(-calendarDaysBetween(playedAt, now), 'day');
  return formatDate(new Date(playedAt).toISOString(), locale) ?? '';
}

/** Days between two instants as the local calendar counts them: 23:00 three days ago is "3 days ago" at 08:00. */
function calendarDaysBetween(earlier: number, later: number): number {
  const startOfDay = (ms: number) => {
    const date = new Date(ms);
    return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  };
  return Math.max(1, Math.round((startOfDay(later) - startOfDay(earlier)) / DAY));
}

/** A moment as the locale writes it, day and time: "Mar 3, 2024, 9:41 PM", "03.03.2024, 21:41". */
export function formatDateTime(ms: number, locale = displayLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}
