import type { NowPlaying, PlayerAction, RepeatMode } from './playerApi';

/** The keyboard's player controls: each has its command, its keybinding and its own queue. */
export type PlayerControl = 'togglePlayback' | 'next' | 'previous' | 'seekForward' | 'seekBackward' | 'volumeUp' | 'volumeDown' | 'toggleShuffle' | 'cycleRepeat' | 'chooseDevice';

/** How far Seek Forward and Seek Back move. */
export const SEEK_STEP_MS = 15_000;
/** How far Volume Up and Volume Down move, in points of 100. */
export const VOLUME_STEP = 10;

/** Repeat as Spotify's own button cycles it: off, the list (context), the song (track), off. */
export function nextRepeatMode(current: RepeatMode | undefined): RepeatMode {
  switch (current) {
    case 'context':
      return 'track';
    case 'track':
      return 'off';
    default:
      return 'context';
  }
}

/** A volume Spotify accepts: a whole number from 0 to 100. */
export function clampVolume(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, Math.round(percent))) : 0;
}

/**
 * Where the song is now: what the last read said, plus the time since while it plays (the read may
 * be seconds old); never past the song's end.
 */
export function estimatedProgressMs(state: NowPlaying, stateAt: number, now: number): number | undefined {
  if (state.progressMs === undefined || state.activity === 'idle') return undefined;
  const progress = state.progressMs + (state.activity === 'playing' ? Math.max(0, now - stateAt) : 0);
  const duration = state.item?.durationMs;
  return duration === undefined ? progress : Math.min(duration, progress);
}

/** Seeking this close to the end would end the song: a seek forward stops short of it. */
const SEEK_END_MARGIN_MS = 1_000;

/** The position a seek by `deltaMs` asks for: from 0 to just before the end (a seek past it would skip). */
export function seekTarget(progressMs: number, deltaMs: number, durationMs: number | undefined): number {
  const target = Math.max(0, progressMs + deltaMs);
  return durationMs === undefined ? target : Math.max(0, Math.min(target, durationMs - SEEK_END_MARGIN_MS));
}

/**
 * What of the player's `actions.disallows` forbids `control` now, so it is greyed out and says so
 * instead of sending a request Spotify would refuse. Undefined: allowed, or nothing known.
 */
export function disallowedAction(control: PlayerControl, state: NowPlaying | undefined): PlayerAction | undefined {
  const action = actionOf(control, state);
  return action && state?.disallows?.has(action) ? action : undefined;
}

function actionOf(control: PlayerControl, state: NowPlaying | undefined): PlayerAction | undefined {
  switch (control) {
    case 'togglePlayback':
      return state?.activity === 'playing' ? 'pausing' : 'resuming';
    case 'next':
      return 'skipping_next';
    case 'previous':
      return 'skipping_prev';
    case 'seekForward':
    case 'seekBackward':
      return 'seeking';
    case 'toggleShuffle':
      return 'toggling_shuffle';
    case 'cycleRepeat': {
      // Each mode has its own toggle; turning repeat off toggles the mode it leaves.
      const to = nextRepeatMode(state?.repeat);
      const toggled = to === 'off' ? state?.repeat : to;
      return toggled === 'track' ? 'toggling_repeat_track' : 'toggling_repeat_context';
    }
    case 'chooseDevice':
      return 'transferring_playback';
    case 'volumeUp':
    case 'volumeDown':
      return undefined; // no disallow for it: the device's `supports_volume` says
  }
}

export interface ControlQueueHooks {
  /** A task failed: the tasks queued after it were dropped, and this says why, once. */
  readonly onFailure: (error: unknown) => void;
  /** The last queued task is done and one or more went through: read the player once. */
  readonly onSettled: () => void;
  /** Until when Spotify holds requests after a 429 (the client's gate knows; one place to clear it). */
  readonly rateLimitedUntil: () => number | undefined;
  /** A press while Spotify still holds requests: nothing was sent. */
  readonly onBlocked: (until: number) => void;
  readonly now?: () => number;
}

/** What became of a queued press. */
export type ControlOutcome = 'done' | 'failed' | 'dropped';

/**
 * One control's presses, sent one at a time in the order pressed: Next five times quickly is five
 * Nexts, in order. A failure drops the presses queued after it (they would fail alike, each with
 * its own message); while Spotify holds requests after a 429, presses are dropped, not sent.
 */
export class ControlQueue {
  readonly #hooks: ControlQueueHooks;
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  /** Presses queued before the last failure are dropped: theirs is an older generation. */
  #generation = 0;
  #wentThrough = false;

  constructor(hooks: ControlQueueHooks) {
    this.#hooks = hooks;
  }

  run(task: () => Promise<void>): Promise<ControlOutcome> {
    const until = this.#hooks.rateLimitedUntil();
    if (until !== undefined && (this.#hooks.now?.() ?? Date.now()) < until) {
      this.#hooks.onBlocked(until);
      return Promise.resolve('dropped');
    }
    const generation = this.#generation;
    this.#pending++;
    const outcome = this.#tail.then(async (): Promise<ControlOutcome> => {
      try {
        if (generation !== this.#generation) return 'dropped';
        try {
          await task();
          this.#wentThrough = true;
          return 'done';
        } catch (error) {
          this.#generation++;
          this.#hooks.onFailure(error);
          return 'failed';
        }
      } finally {
        if (--this.#pending === 0 && this.#wentThrough) {
          this.#wentThrough = false;
          this.#hooks.onSettled();
        }
      }
    });
    this.#tail = outcome;
    return outcome;
  }
}

/** Why a control was not sent: the player's last state says it cannot be done now. */
export type ControlRefusal =
  | { readonly kind: 'disallowed'; readonly action: PlayerAction }
  /** The device has `supports_volume: false`. */
  | { readonly kind: 'volumeFixed'; readonly deviceName?: string }
  /** Nothing plays: nothing to seek in, no volume to step from. */
  | { readonly kind: 'nothingPlaying' };

/** Thrown by a control that sends nothing, so its queue drops the presses after it and says why once. */
export class ControlRefusedError extends Error {
  constructor(readonly refusal: ControlRefusal) {
    super(`refused: ${refusal.kind === 'disallowed' ? refusal.action : refusal.kind}`);
  }
}
