/**
 * When the now-playing status bar reads the player again. Pure, so the cost is known: reading the
 * player is what gets apps rate limited most, so it reads only in the focused window (VS Code
 * focuses one window at a time: several windows cost what one does), only while something plays
 * (slower while paused), never while the setting is off or nobody is signed in with the permission.
 */
export type PlayerActivity = 'playing' | 'paused' | 'idle';

export interface PollInput {
  /** The now-playing setting. */
  readonly enabled: boolean;
  /** Signed in, with the playback permissions granted. */
  readonly permitted: boolean;
  /** This window has focus. */
  readonly focused: boolean;
  /** What the last read said; 'unknown' when nothing was read since focus or a change. */
  readonly activity: PlayerActivity | 'unknown';
  /** What is left of the song playing, when known: the read after it ends shows the next one. */
  readonly remainingMs?: number;
}

/** Between reads while a song plays: a change made elsewhere (the phone) shows within this. */
export const PLAYING_POLL_MS = 15_000;
/** Between reads while paused. */
export const PAUSED_POLL_MS = 60_000;
/** After a song's end, so the read lands on the next song, not on the end of this one. */
export const TRACK_END_SLACK_MS = 1_500;
/** Never sooner than this after a read (a song about to end, a clock off). */
export const MIN_POLL_MS = 3_000;
/** A window that gains focus reads at once, unless it read this recently. */
export const FOCUS_REREAD_AFTER_MS = 5_000;

/** Milliseconds until the next read; undefined: no read is scheduled (one comes on focus or the user's own action). */
export function nextPollDelay(input: PollInput): number | undefined {
  if (!input.enabled || !input.permitted || !input.focused) return undefined;
  switch (input.activity) {
    case 'unknown':
      return 0;
    case 'idle':
      return undefined;
    case 'paused':
      return PAUSED_POLL_MS;
    case 'playing': {
      const untilNextSong = input.remainingMs === undefined ? PLAYING_POLL_MS : input.remainingMs + TRACK_END_SLACK_MS;
      return Math.max(MIN_POLL_MS, Math.min(PLAYING_POLL_MS, untilNextSong));
    }
  }
}

/** Whether a window that just gained focus reads the player now. */
export function readsOnFocus(enabled: boolean, permitted: boolean, lastReadAt: number | undefined, now: number): boolean {
  return enabled && permitted && (lastReadAt === undefined || now - lastReadAt >= FOCUS_REREAD_AFTER_MS);
}

/**
 * Reads per hour of focused time for a steady state (songs of `songMs` back to back while playing),
 * simulated with nextPollDelay itself: the number the README and the report quote.
 */
export function readsPerHour(activity: PlayerActivity, songMs = 210_000): number {
  const hour = 3_600_000;
  let now = 0;
  let reads = 0;
  for (;;) {
    const remainingMs = activity === 'playing' ? songMs - (now % songMs) : undefined;
    const delay = nextPollDelay({ enabled: true, permitted: true, focused: true, activity, remainingMs });
    if (delay === undefined) return reads;
    now += delay;
    if (now > hour) return reads;
    reads++;
  }
}
