/** Text helpers for the tree: durations, counts, and relative times. */

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '';
  const totalSeconds = Math.floor(ms / 1000); // truncated, as Spotify's apps show 59,999 ms as 0:59
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

export function formatAge(since: number, now = Date.now()): string {
  const minutes = Math.floor((now - since) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/**
 * Untrusted text as Markdown that renders as itself: every ASCII punctuation mark backslash-escaped
 * (CommonMark), `<` and `&` included, which MarkdownString.appendText leaves alone.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** The year of a release date (YYYY, YYYY-MM or YYYY-MM-DD). */
export function formatYear(releaseDate: string | undefined): string | undefined {
  return releaseDate && /^\d{4}/.test(releaseDate) ? releaseDate.slice(0, 4) : undefined;
}

/** Where the user left off an episode: "23 min left", "played", or nothing when Spotify gave no resume point. */
export function formatResume(durationMs: number | undefined, resumeMs: number | undefined, played: boolean | undefined): string | undefined {
  if (played) return 'played';
  if (resumeMs === undefined || resumeMs <= 0 || durationMs === undefined) return undefined;
  const left = Math.max(1, Math.ceil((durationMs - resumeMs) / 60_000));
  return `${formatCount(left)} min left`;
}
