import * as vscode from 'vscode';
import { CancelledError, ForbiddenError, isSpotifyError, NoActiveDeviceError, RateLimitedError } from '../api/errors';
import { describeRateLimit } from '../api/rateLimitWords';
import type { Logger } from '../common/logger';
import { ACTION_SCOPES } from '../common/sections';
import type { LibraryModel } from '../library/libraryModel';
import { type NowPlayingStatus, repeatWords } from '../player/nowPlaying';
import type { NowPlaying, PlayerAction, PlayerApi } from '../player/playerApi';
import { clampVolume, ControlQueue, ControlRefusedError, disallowedAction, nextRepeatMode, type PlayerControl, SEEK_STEP_MS, seekTarget, VOLUME_STEP } from '../player/playerControls';
import type { LibraryView } from '../views/libraryView';
import { ensureScopes } from './permissions';

/** The commands of the keyboard's player controls (package.json binds each under one chord prefix). */
export const PLAYER_CONTROL_COMMANDS: Readonly<Record<PlayerControl, string>> = {
  togglePlayback: 'spotifyLibrary.togglePlayback',
  next: 'spotifyLibrary.next',
  previous: 'spotifyLibrary.previous',
  seekForward: 'spotifyLibrary.seekForward',
  seekBackward: 'spotifyLibrary.seekBackward',
  volumeUp: 'spotifyLibrary.volumeUp',
  volumeDown: 'spotifyLibrary.volumeDown',
  toggleShuffle: 'spotifyLibrary.toggleShuffle',
  cycleRepeat: 'spotifyLibrary.cycleRepeat',
  chooseDevice: 'spotifyLibrary.chooseDevice',
};

/** What each control does, for "Could not {0}" and "No Spotify device is active to {0}". */
function controlWhat(control: PlayerControl, state: NowPlaying | undefined): string {
  switch (control) {
    case 'togglePlayback':
      return state?.activity === 'playing' ? vscode.l10n.t('pause') : vscode.l10n.t('resume');
    case 'next':
      return vscode.l10n.t('skip to the next song');
    case 'previous':
      return vscode.l10n.t('go back');
    case 'seekForward':
      return vscode.l10n.t('skip forward 15 seconds');
    case 'seekBackward':
      return vscode.l10n.t('skip back 15 seconds');
    case 'volumeUp':
    case 'volumeDown':
      return vscode.l10n.t('change the volume');
    case 'toggleShuffle':
      return vscode.l10n.t('change shuffle');
    case 'cycleRepeat':
      return vscode.l10n.t('change repeat');
    case 'chooseDevice':
      return vscode.l10n.t('choose a device');
  }
}

/** Whole sentences per action, so a translation can word each its own way. */
export function disallowedWords(action: PlayerAction): string {
  switch (action) {
    case 'pausing':
      return vscode.l10n.t('Spotify does not allow pausing right now.');
    case 'resuming':
      return vscode.l10n.t('Spotify does not allow resuming right now.');
    case 'seeking':
      return vscode.l10n.t('Spotify does not allow skipping within this right now.');
    case 'skipping_next':
      return vscode.l10n.t('Spotify does not allow skipping to the next song right now.');
    case 'skipping_prev':
      return vscode.l10n.t('Spotify does not allow going back right now.');
    case 'toggling_shuffle':
      return vscode.l10n.t('Spotify does not allow changing shuffle right now.');
    case 'toggling_repeat_context':
    case 'toggling_repeat_track':
      return vscode.l10n.t('Spotify does not allow changing repeat right now.');
    case 'transferring_playback':
      return vscode.l10n.t('Spotify does not allow moving playback to another device right now.');
    case 'interrupting_playback':
      return vscode.l10n.t('Spotify does not allow interrupting what plays right now.');
  }
}

export function volumeFixedWords(deviceName: string | undefined): string {
  return deviceName ? vscode.l10n.t('“{0}” does not allow changing the volume.', deviceName) : vscode.l10n.t('The device playing does not allow changing the volume.');
}

export interface PlayerControlsOptions {
  readonly model: LibraryModel;
  readonly view: LibraryView;
  readonly player: PlayerApi;
  readonly nowPlaying: NowPlayingStatus;
  readonly logger: Logger;
  /** Choose Device: the pick of the user's devices, playback moved there keeping it playing. */
  readonly chooseDevice: () => Promise<void>;
}

/**
 * Play/Pause, Next, Previous, Seek, Volume, Shuffle and Repeat, from the keyboard, the palette and
 * the now-playing quick pick. Each press goes through its control's queue (sent in order, one at
 * a time); what the player's last state says cannot be done now is said instead of sent; the
 * player is read once after the last press of a burst.
 */
export class PlayerControls implements vscode.Disposable {
  readonly #options: PlayerControlsOptions;
  readonly #queues = new Map<PlayerControl, ControlQueue>();
  readonly #registrations: vscode.Disposable;

  constructor(options: PlayerControlsOptions) {
    this.#options = options;
    const controls: PlayerControl[] = ['togglePlayback', 'next', 'previous', 'seekForward', 'seekBackward', 'volumeUp', 'volumeDown', 'toggleShuffle', 'cycleRepeat'];
    this.#registrations = vscode.Disposable.from(...controls.map((control) => vscode.commands.registerCommand(PLAYER_CONTROL_COMMANDS[control], () => this.press(control))));
  }

  dispose(): void {
    this.#registrations.dispose();
  }

  /** The disallow that greys `control` out in the quick pick, from the last state read. */
  refusalNow(control: PlayerControl): string | undefined {
    const state = this.#options.nowPlaying.current;
    if ((control === 'volumeUp' || control === 'volumeDown') && state?.supportsVolume === false) return volumeFixedWords(state.deviceName);
    const action = disallowedAction(control, state);
    return action && disallowedWords(action);
  }

  /** One press: queued behind the same control's earlier presses. */
  async press(control: PlayerControl): Promise<void> {
    const { model } = this.#options;
    if (!model.currentAccountId) {
      const signIn = vscode.l10n.t('Sign In');
      const what = controlWhat(control, this.#options.nowPlaying.current);
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('Sign in to Spotify to {0}.', what), signIn)) === signIn) await vscode.commands.executeCommand('spotifyLibrary.signIn');
      return;
    }
    await this.#queueOf(control).run(() => this.#send(control));
  }

  #queueOf(control: PlayerControl): ControlQueue {
    let queue = this.#queues.get(control);
    if (!queue) {
      queue = new ControlQueue({
        onFailure: (error) => void this.#reportFailure(control, error),
        onSettled: () => void this.#options.nowPlaying.refresh(),
        rateLimitedUntil: () => this.#options.player.rateLimit?.until,
        onBlocked: () => {
          const { rateLimit } = this.#options.player;
          if (rateLimit) vscode.window.setStatusBarMessage(`$(watch) ${describeRateLimit(rateLimit.until, rateLimit.quotaExceeded).node}`, 4000);
        },
      });
      this.#queues.set(control, queue);
    }
    return queue;
  }

  /** Sends one press, with the permission; refuses what the player's state forbids without sending. */
  async #send(control: PlayerControl): Promise<void> {
    const { model, view, logger } = this.#options;
    if (!(await ensureScopes(model, view, ACTION_SCOPES.playback, logger))) throw new CancelledError();
    try {
      await this.#act(control);
    } catch (error) {
      // Spotify refused a scope the session claims: ask again, once, and send once more.
      if (!(error instanceof ForbiddenError && error.reason === 'insufficientScope')) throw error;
      if (!(await ensureScopes(model, view, ACTION_SCOPES.playback, logger, { askEvenIfGranted: true }))) throw new CancelledError();
      await this.#act(control);
    }
  }

  async #act(control: PlayerControl): Promise<void> {
    const { player, nowPlaying } = this.#options;
    const known = nowPlaying.current;
    const refuse = (state: NowPlaying | undefined) => {
      const action = disallowedAction(control, state);
      if (action) throw new ControlRefusedError({ kind: 'disallowed', action });
    };
    switch (control) {
      case 'togglePlayback': {
        refuse(known);
        if (known?.activity === 'playing') {
          await player.pause();
          nowPlaying.assume({ activity: 'paused' });
        } else {
          await player.resume();
          nowPlaying.assume({ activity: 'playing' });
        }
        return;
      }
      case 'next':
        refuse(known);
        return player.next();
      case 'previous':
        refuse(known);
        return player.previous();
      case 'seekForward':
      case 'seekBackward': {
        const state = await this.#playingState();
        refuse(state);
        const progress = state === nowPlaying.current ? nowPlaying.progressNow() : state.progressMs;
        if (progress === undefined) throw new ControlRefusedError({ kind: 'nothingPlaying' });
        const target = seekTarget(progress, control === 'seekForward' ? SEEK_STEP_MS : -SEEK_STEP_MS, state.item?.durationMs);
        await player.seek(target);
        nowPlaying.assume({ progressMs: target });
        return;
      }
      case 'volumeUp':
      case 'volumeDown': {
        const state = await this.#playingState();
        if (state.supportsVolume === false) throw new ControlRefusedError({ kind: 'volumeFixed', deviceName: state.deviceName });
        if (state.volumePercent === undefined) throw new ControlRefusedError({ kind: 'nothingPlaying' });
        const target = clampVolume(state.volumePercent + (control === 'volumeUp' ? VOLUME_STEP : -VOLUME_STEP));
        if (target !== state.volumePercent) {
          try {
            await player.setVolume(target);
          } catch (error) {
            // The device said no although it claimed it would: the same words as when it says so up front.
            if (error instanceof ForbiddenError && error.reason === 'volumeControlDisallowed') throw new ControlRefusedError({ kind: 'volumeFixed', deviceName: state.deviceName });
            throw error;
          }
          nowPlaying.assume({ volumePercent: target });
        }
        vscode.window.setStatusBarMessage(`$(${target === 0 ? 'mute' : 'unmute'}) ${vscode.l10n.t('Volume {0}%', target)}`, 2000);
        return;
      }
      case 'toggleShuffle': {
        const state = await this.#playingState();
        refuse(state);
        const shuffle = !(state.shuffle ?? false);
        await player.setShuffle(shuffle);
        nowPlaying.assume({ shuffle });
        vscode.window.setStatusBarMessage(`$(arrow-swap) ${shuffle ? vscode.l10n.t('Shuffle on') : vscode.l10n.t('Shuffle off')}`, 2000);
        return;
      }
      case 'cycleRepeat': {
        const state = await this.#playingState();
        refuse(state);
        const repeat = nextRepeatMode(state.repeat);
        await player.setRepeat(repeat);
        nowPlaying.assume({ repeat });
        vscode.window.setStatusBarMessage(`$(sync) ${repeatWords(repeat)}`, 2000);
        return;
      }
      case 'chooseDevice':
        refuse(known);
        return this.#options.chooseDevice();
    }
  }

  /**
   * The state a control steps from (the volume, the position, shuffle): the last one known while
   * something plays; otherwise one read now, as this press is a reason to read (idle reads nothing
   * until one comes).
   */
  async #playingState(): Promise<NowPlaying> {
    const { nowPlaying, player } = this.#options;
    if (nowPlaying.current && nowPlaying.current.activity !== 'idle') return nowPlaying.current;
    await nowPlaying.refresh();
    // With the now-playing setting off the status bar reads nothing: this control reads for itself.
    const state = nowPlaying.current ?? (await player.nowPlaying());
    if (state.activity === 'idle') throw new ControlRefusedError({ kind: 'nothingPlaying' });
    return state;
  }

  /** Says once why a press (and those queued after it) did not go through. */
  async #reportFailure(control: PlayerControl, error: unknown): Promise<void> {
    if (error instanceof CancelledError) return;
    const { logger, nowPlaying } = this.#options;
    const what = controlWhat(control, nowPlaying.current);
    logger.warn(`[player] ${control} failed: ${error instanceof ControlRefusedError ? error.message : isSpotifyError(error) ? error.kind : String(error)}`);
    const chooseDevice = vscode.l10n.t('Choose Device...');
    if (error instanceof ControlRefusedError) {
      const { refusal } = error;
      if (refusal.kind === 'disallowed') void vscode.window.showInformationMessage(disallowedWords(refusal.action));
      else if (refusal.kind === 'volumeFixed') void vscode.window.showInformationMessage(volumeFixedWords(refusal.deviceName));
      else if ((await vscode.window.showInformationMessage(vscode.l10n.t('Nothing is playing on Spotify.'), chooseDevice)) === chooseDevice) await this.#options.chooseDevice();
      return;
    }
    if (error instanceof NoActiveDeviceError) {
      if ((await vscode.window.showWarningMessage(vscode.l10n.t('No Spotify device is active to {0}.', what), chooseDevice)) === chooseDevice) await this.#options.chooseDevice();
      return;
    }
    if (error instanceof ForbiddenError && error.reason === 'premiumAccountRequired') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Controlling playback needs Spotify Premium. You can still use the controls in the Spotify app.'));
      return;
    }
    if (error instanceof ForbiddenError && error.reason === 'volumeControlDisallowed') {
      void vscode.window.showInformationMessage(volumeFixedWords(nowPlaying.current?.deviceName));
      return;
    }
    const reason = error instanceof Error && (isSpotifyError(error) || error instanceof RateLimitedError) ? error.message : vscode.l10n.t('Something went wrong.');
    // A 429 has no Retry: it says until when, and the presses until then are dropped.
    if (error instanceof RateLimitedError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not {0}: {1}', what, reason));
      return;
    }
    const retry = vscode.l10n.t('Retry');
    if ((await vscode.window.showErrorMessage(vscode.l10n.t('Could not {0}: {1}', what, reason), retry)) === retry) await this.press(control);
  }
}
