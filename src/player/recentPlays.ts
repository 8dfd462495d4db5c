/**
 * Recently Played's pure parts: merging what `after=<newest played_at>` answered into the plays
 * known, keeping the last 50, and the row's track record ("12 min. ago" is views/format.ts's formatPlayedAgo).
 */
import type { TrackRecord } from '../library/records';
import { MAX_RECENTLY_PLAYED, type RecentPlay } from './playerApi';

/** Spotify keeps only the last 50 plays: so does the section. */
export const RECENT_PLAYS_KEPT = MAX_RECENTLY_PLAYED;

/** The `after` cursor for the next ask: the newest play's played_at (Unix ms); undefined when none is known. */
export function newestPlayedAt(plays: readonly RecentPlay[]): number | undefined {
  return plays.length > 0 ? Math.max(...plays.map((play) => play.playedAt)) : undefined;
}

/** One play told apart from another: the same song played twice is two plays. */
export function playKey(play: Pick<RecentPlay, 'uri' | 'playedAt'>): string {
  return `${play.playedAt}|${play.uri}`;
}

export interface MergedPlays {
  /** Newest first, each play once, at most `kept`. */
  readonly plays: readonly RecentPlay[];
  /**
   * The page was full: more plays than it held may have come after the cursor, so what lies between
   * them and the known ones is not known. Ask once more without a cursor (the newest 50) and replace.
   */
  readonly gap: boolean;
}

/**
 * `page` is what `after=<newest of known>&limit=<limit>` answered: plays newer than the known ones.
 * They go on top; duplicates (a cursor Spotify treats as inclusive) count once; the oldest past `kept` go.
 */
export function mergeRecentPlays(known: readonly RecentPlay[], page: readonly RecentPlay[], limit = RECENT_PLAYS_KEPT, kept = RECENT_PLAYS_KEPT): MergedPlays {
  const seen = new Set<string>();
  const merged: RecentPlay[] = [];
  for (const play of [...page, ...known]) {
    const key = playKey(play);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(play);
  }
  // Stable: plays at the same ms keep the order Spotify gave.
  merged.sort((a, b) => b.playedAt - a.playedAt);
  const fresh = page.filter((play) => !known.some((old) => playKey(old) === playKey(play))).length;
  return { plays: merged.slice(0, kept), gap: known.length > 0 && fresh >= limit };
}

/** A play as the library's rows show songs: the same record type, so a play's row is a song row. */
export function trackOfPlay(play: RecentPlay): TrackRecord {
  const id = play.kind === 'local' ? undefined : /^spotify:(?:track|episode):([A-Za-z0-9]+)$/.exec(play.uri)?.[1];
  return {
    kind: play.kind,
    id,
    name: play.name,
    byline: play.byline,
    ...(play.album !== undefined ? { album: play.album } : {}),
    ...(play.durationMs !== undefined ? { durationMs: play.durationMs } : {}),
    ...(play.kind === 'local' || !id ? { uriOverride: play.uri } : {}),
  };
}
