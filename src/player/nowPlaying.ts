import * as vscode from 'vscode';
import { isSpotifyError, RateLimitedError } from '../api/errors';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { Emitter } from '../common/emitter';
import type { WindowUse } from '../common/windowUse';
import { escapeMarkdown } from '../views/format';
import type { NowPlaying, PlayerApi } from './playerApi';
import { estimatedProgressMs } from './playerControls';
import { nextPollDelay, readsOnFocus } from './pollSchedule';

export const NOW_PLAYING_SETTING = 'nowPlaying.enabled';
export const NOW_PLAYING_COMMAND = 'spotifyLibrary.nowPlaying';
export const TOGGLE_PLAYBACK_COMMAND = 'spotifyLibrary.togglePlayback';

export interface NowPlayingOptions {
  readonly player: PlayerApi;
  readonly logger: Logger;
  /** Signed in with the playback permissions: without them it reads nothing. */
  readonly permitted: () => boolean;
  /** Fires when the session (or its scopes) changed. */
  readonly onDidChangePermission: vscode.Event<unknown>;
  /** Nothing is read on its own before the window is in use; the user's own player action brings it into use. */
  readonly windowUse: WindowUse;
}

/**
 * What plays, in the status bar: the song and artist (a click opens the player's quick pick) and a
 * play/pause toggle. Reads the player on the background lane on the schedule of pollSchedule.ts:
 * only in the focused window, only while something plays, and not at all with the setting off.
 *
 * Every reason to read the player, and there is no other (idle means zero reads until one happens):
 * - the item can show: the account or its scopes changed (`onDidChangePermission`, which a token
 *   refresh does not fire), the setting was turned on, or the window came into use (`WindowUse`:
 *   the extension starts with every window, and one never used reads nothing);
 * - this window gained focus (not `active` flipping), unless it read moments ago;
 * - the user's own player action, which may have started or changed playback (`refresh()`);
 * - the schedule, while something plays or is paused (none while idle).
 */
export class NowPlayingStatus extends Disposable {
  readonly #options: NowPlayingOptions;
  readonly #songItem: vscode.StatusBarItem;
  readonly #toggleItem: vscode.StatusBarItem;
  readonly #changed = this._register(new Emitter<NowPlaying | undefined>());
  /** What the player said at the last read. */
  readonly onDidChange = this.#changed.event;
  #current: NowPlaying | undefined;
  #readAt: number | undefined;
  /** When `#current` was true: the last read, or the last control that went through. */
  #stateAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading: Promise<void> | undefined;
  /** Reads made, for the tests and the log. */
  reads = 0;

  constructor(options: NowPlayingOptions) {
    super();
    this.#options = options;
    this.#songItem = this._register(vscode.window.createStatusBarItem('spotifyLibrary.nowPlaying', vscode.StatusBarAlignment.Left, 10));
    this.#songItem.name = vscode.l10n.t('Spotify Now Playing');
    this.#songItem.command = NOW_PLAYING_COMMAND;
    this.#toggleItem = this._register(vscode.window.createStatusBarItem('spotifyLibrary.playPause', vscode.StatusBarAlignment.Left, 11));
    this.#toggleItem.name = vscode.l10n.t('Spotify Play/Pause');
    this.#toggleItem.command = TOGGLE_PLAYBACK_COMMAND;
    this._register({ dispose: () => this.#cancelTimer() });
    // Focus gained is a reason to read; `active` (VS Code's "used recently", which flips after a
    // while without input and back) is not: idle must stay zero reads.
    let wasFocused = vscode.window.state.focused;
    this._register(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused === wasFocused) return;
        wasFocused = state.focused;
        if (state.focused && readsOnFocus(this.#enabled(), this.#options.permitted(), this.#readAt, Date.now())) this.#readSoon();
        else this.#schedule();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`spotifyLibrary.${NOW_PLAYING_SETTING}`)) return;
        if (this.#enabled()) this.#readSoon();
        else this.#show(undefined);
      }),
    );
    this._register(options.onDidChangePermission(() => (options.permitted() ? this.#readSoon() : this.#show(undefined))));
    this._register(options.windowUse.whenInUse(() => this.#readSoon()));
  }

  get current(): NowPlaying | undefined {
    return this.#current;
  }

  /** Where the song playing is now, estimated from the last read; undefined when nothing is known. */
  progressNow(): number | undefined {
    return this.#current ? estimatedProgressMs(this.#current, this.#stateAt, Date.now()) : undefined;
  }

  /**
   * What a control that went through changed (the volume set, shuffle on), shown at once and used by
   * the next press; the read after the last press of a burst confirms it. No request.
   */
  assume(change: Partial<Omit<NowPlaying, 'activity' | 'item'>> & { readonly activity?: 'playing' | 'paused' }): void {
    if (!this.#current || this.#current.activity === 'idle') return;
    const progressMs = change.progressMs ?? this.progressNow();
    this.#stateAt = Date.now();
    this.#show({ ...this.#current, ...change, progressMs });
  }

  /** Reads now (the user's own action just changed the player): on the interactive lane. */
  refresh(): Promise<void> {
    const reading = this.#read('interactive');
    this.#options.windowUse.begin(); // after: the read it starts joins this one, on the user's lane
    return reading;
  }

  #enabled(): boolean {
    return vscode.workspace.getConfiguration('spotifyLibrary').get<boolean>(NOW_PLAYING_SETTING, true);
  }

  #readSoon(): void {
    this.#cancelTimer();
    if (!this.#options.windowUse.inUse) return;
    if (!this.#enabled() || !this.#options.permitted() || !vscode.window.state.focused) return this.#schedule();
    void this.#read('background'); // failures are logged and rescheduled inside
  }

  #read(lane: 'interactive' | 'background'): Promise<void> {
    if (!this.#enabled() || !this.#options.permitted()) {
      this.#show(undefined);
      return Promise.resolve();
    }
    this.#reading ??= (async () => {
      this.#cancelTimer();
      let retryAfterMs: number | undefined;
      try {
        this.reads++;
        const playing = await this.#options.player.nowPlaying({ lane });
        this.#readAt = this.#stateAt = Date.now();
        this.#show(playing);
      } catch (error) {
        this.#readAt = Date.now();
        // Rate limited: nothing until Spotify allows it. Other failures: the slow pace, quietly.
        retryAfterMs = error instanceof RateLimitedError ? Math.max(0, error.retryAt - Date.now()) : undefined;
        this.#options.logger.warn(`[player] reading what plays failed: ${isSpotifyError(error) ? error.kind : String(error)}`);
        if (!(error instanceof RateLimitedError)) this.#show(this.#current ? { ...this.#current, activity: 'paused' } : undefined);
      } finally {
        this.#reading = undefined;
      }
      this.#schedule(retryAfterMs);
    })();
    return this.#reading;
  }

  #schedule(atLeastMs = 0): void {
    this.#cancelTimer();
    if (!this.#options.windowUse.inUse) return;
    const current = this.#current;
    const remainingMs = current?.item?.durationMs !== undefined && current.progressMs !== undefined ? Math.max(0, current.item.durationMs - current.progressMs) : undefined;
    const delay = nextPollDelay({
      enabled: this.#enabled(),
      permitted: this.#options.permitted(),
      focused: vscode.window.state.focused,
      activity: current?.activity ?? (this.#readAt === undefined ? 'unknown' : 'idle'),
      remainingMs,
    });
    if (delay === undefined) return;
    this.#timer = setTimeout(() => void this.#read('background'), Math.max(delay, atLeastMs));
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #show(playing: NowPlaying | undefined): void {
    this.#current = playing;
    const item = playing?.activity !== 'idle' ? playing?.item : undefined;
    if (!playing || !item || !this.#enabled()) {
      this.#songItem.hide();
      this.#toggleItem.hide();
      this.#changed.fire(playing);
      return;
    }
    const isPlaying = playing.activity === 'playing';
    const title = item.byline ? `${item.name} · ${item.byline}` : item.name;
    this.#songItem.text = `$(${item.kind === 'episode' ? 'radio-tower' : 'music'}) ${truncate(title, 48)}`;
    this.#songItem.accessibilityInformation = { label: isPlaying ? vscode.l10n.t('Playing {0}', title) : vscode.l10n.t('Paused: {0}', title) };
    this.#songItem.tooltip = this.#tooltip(playing, item);
    this.#toggleItem.text = isPlaying ? '$(debug-pause)' : '$(play)';
    this.#toggleItem.tooltip = isPlaying ? vscode.l10n.t('Pause Spotify') : vscode.l10n.t('Resume Spotify');
    this.#toggleItem.accessibilityInformation = { label: this.#toggleItem.tooltip };
    this.#toggleItem.show();
    this.#songItem.show();
    this.#changed.fire(playing);
  }

  /** Strings from Spotify are untrusted: escaped, no HTML, no commands. */
  #tooltip(playing: NowPlaying, item: NonNullable<NowPlaying['item']>): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(item.name)}**  \n`);
    if (item.byline) md.appendMarkdown(`${escapeMarkdown(item.byline)}  \n`);
    const state = playing.activity === 'playing' ? vscode.l10n.t('Playing') : vscode.l10n.t('Paused');
    md.appendMarkdown(escapeMarkdown(playing.deviceName ? vscode.l10n.t('{0} on {1}', state, playing.deviceName) : state));
    const modes = playerModeWords(playing);
    if (modes.length > 0) md.appendMarkdown('  \n').appendMarkdown(escapeMarkdown(modes.join(' · ')));
    md.appendMarkdown('  \n').appendMarkdown(escapeMarkdown(vscode.l10n.t('Click for Pause, Next, Previous, Shuffle, Repeat, Volume, Like, Reveal in Library and Choose Device')));
    return md;
  }
}

/** Shuffle, repeat and volume in words, as far as the player said ("Shuffle on", "Repeat song", "Volume 60%"). */
export function playerModeWords(state: NowPlaying): string[] {
  const words: string[] = [];
  if (state.shuffle !== undefined) words.push(state.shuffle ? vscode.l10n.t('Shuffle on') : vscode.l10n.t('Shuffle off'));
  if (state.repeat !== undefined) words.push(repeatWords(state.repeat));
  if (state.supportsVolume === false) words.push(vscode.l10n.t('Volume set on the device only'));
  else if (state.volumePercent !== undefined) words.push(vscode.l10n.t('Volume {0}%', state.volumePercent));
  return words;
}

export function repeatWords(mode: 'off' | 'context' | 'track'): string {
  switch (mode) {
    case 'off':
      return vscode.l10n.t('Repeat off');
    case 'context':
      return vscode.l10n.t('Repeat list');
    case 'track':
      return vscode.l10n.t('Repeat song');
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
