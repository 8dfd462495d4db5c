import * as vscode from 'vscode';
import { BadResponseError, CancelledError, ForbiddenError, isSpotifyError, NoActiveDeviceError, NotFoundError, RateLimitedError } from '../api/errors';
import { readSettings } from '../common/config';
import type { Logger } from '../common/logger';
import { messageOf } from '../common/errorMessage';
import { ACTION_SCOPES } from '../common/sections';
import type { LibraryModel } from '../library/libraryModel';
import { type PlaylistRecord, playlistUri, playlistUrl, type TrackRecord } from '../library/records';
import { NOW_PLAYING_COMMAND, type NowPlayingStatus, playerModeWords, repeatWords } from '../player/nowPlaying';
import type { PlayerApi, PlayerDevice, PlayerItem } from '../player/playerApi';
import { nextRepeatMode, type PlayerControl } from '../player/playerControls';
import { type PlayableLink, type PlayPlan, type PlayRefusal, playPlanForLink, playPlanForNode, queueUriForNode } from '../player/playPlan';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { loadUntil, nodeForEntry, revealNode } from '../views/revealInLibrary';
import { ensureScopes } from './permissions';
import { PLAYER_CONTROL_COMMANDS, PlayerControls } from './playerControlCommands';

export const PLAY_COMMAND = 'spotifyLibrary.play';
export const ADD_TO_QUEUE_COMMAND = 'spotifyLibrary.addToQueue';
/** Enter in the Library view. */
export const PLAY_FOCUSED_COMMAND = 'spotifyLibrary.playFocused';
/** Built by the Curating work; the now-playing quick pick offers Like only while it exists. */
export const LIKE_COMMAND = 'spotifyLibrary.like';
/** Like on the song playing (a keybinding), through LIKE_COMMAND. */
export const LIKE_PLAYING_COMMAND = 'spotifyLibrary.likePlaying';
/** How long "open Spotify, then it plays" waits for a device to appear. */
const DEVICE_WAIT_MS = 60_000;
const DEVICE_WAIT_STEP_MS = 2_000;
/** A Play of the row this recent is Enter's own, run by the selection's open (a click that plays). */
const DOUBLE_PLAY_MS = 1_000;

/** What a command acts on: a row, a link from an editor hover, or nothing (the player as it is). */
type Target = { node: LibraryNode } | { link: PlayableLink } | undefined;

/**
 * Play, Add to Queue, the player's controls and the now-playing quick pick. Each first makes sure
 * the session may control playback (Grant Access, once), then acts; Spotify's refusals become a
 * choice the user can act on: a device to play on, Open in Spotify without Premium. Nothing here
 * signs anyone out.
 */
export function registerPlayerCommands(model: LibraryModel, view: LibraryView, player: PlayerApi, nowPlaying: NowPlayingStatus, logger: Logger): vscode.Disposable {
  /** Runs `action` with the permission, then on the device Spotify needs; true when it went through. */
  async function control(target: Target, what: string, action: (deviceId?: string) => Promise<void>): Promise<boolean> {
    if (!model.currentAccountId) {
      const signIn = vscode.l10n.t('Sign In');
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('Sign in to Spotify to {0}.', what), signIn)) === signIn) await vscode.commands.executeCommand('spotifyLibrary.signIn');
      return false;
    }
    if (!(await ensureScopes(model, view, ACTION_SCOPES.playback, logger))) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        await action();
        break;
      } catch (error) {
        if (error instanceof NoActiveDeviceError) {
          const device = await chooseDeviceFor(what);
          if (!device) return false;
          try {
            await action(device);
            break;
          } catch (second) {
            return failed(target, what, second);
          }
        }
        // Spotify refused a scope the session claims: ask again, once.
        if (error instanceof ForbiddenError && error.reason === 'insufficientScope' && attempt === 0) {
          if (await ensureScopes(model, view, ACTION_SCOPES.playback, logger, { askEvenIfGranted: true })) continue;
          return false;
        }
        return failed(target, what, error);
      }
    }
    void nowPlaying.refresh();
    return true;
  }

  async function failed(target: Target, what: string, error: unknown): Promise<false> {
    if (error instanceof CancelledError) return false;
    logger.warn(`[player] ${what} failed: ${isSpotifyError(error) ? error.kind : String(error)}`);
    if (error instanceof ForbiddenError && error.reason === 'premiumAccountRequired') {
      const open = vscode.l10n.t('Open in Spotify');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Controlling playback needs Spotify Premium. You can still play it in the Spotify app.'), open);
      if (choice === open) await openInSpotify(target);
      return false;
    }
    const retry = vscode.l10n.t('Retry');
    const reason = error instanceof RateLimitedError || isSpotifyError(error) ? error.message : vscode.l10n.t('Something went wrong.');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Could not {0}: {1}', what, reason), retry);
    // Retry: the same Play again, on the same row or link.
    if (choice === retry && target) await play('node' in target ? target.node : target.link);
    return false;
  }

  async function openInSpotify(target: Target): Promise<void> {
    if (target && 'node' in target) await vscode.commands.executeCommand('spotifyLibrary.openInSpotify', target.node);
    else if (target && 'link' in target) await vscode.commands.executeCommand('spotifyLibrary.openLink', target.link);
    else await openSpotify();
  }

  /**
   * The user's devices in a quick pick; with none, an offer to open Spotify and wait for it to
   * appear. Resolves with the device chosen (playback is moved there), or undefined.
   */
  async function chooseDeviceFor(what: string | undefined): Promise<string | undefined> {
    let devices = (await player.devices()).filter((d) => d.id && !d.restricted);
    if (devices.length === 0) {
      const open = vscode.l10n.t('Open Spotify');
      const message = what ? vscode.l10n.t('No Spotify device is on to {0}. Open Spotify (the app or the web player) and it plays there.', what) : vscode.l10n.t('No Spotify device is on. Open Spotify: the app, your phone or the web player.');
      if ((await vscode.window.showWarningMessage(message, open)) !== open) return undefined;
      await openSpotify();
      devices = await waitForDevices();
      if (devices.length === 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Spotify did not appear on any device. Open it, then try again.'));
        return undefined;
      }
      if (devices.length === 1) return devices[0].id;
    }
    const picked = await vscode.window.showQuickPick(
      devices.map((device) => ({ label: `$(${deviceIcon(device)}) ${device.name}`, description: device.active ? vscode.l10n.t('active') : device.type, device })),
      { title: vscode.l10n.t('Choose a Spotify Device'), placeHolder: what ? vscode.l10n.t('Where should Spotify {0}?', what) : vscode.l10n.t('Where should Spotify play?') },
    );
    return picked?.device.id;
  }

  function waitForDevices(): Thenable<PlayerDevice[]> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for Spotify to open…'), cancellable: true }, async (_progress, token) => {
      const deadline = Date.now() + DEVICE_WAIT_MS;
      while (!token.isCancellationRequested && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, DEVICE_WAIT_STEP_MS));
        const devices = (await player.devices()).filter((d) => d.id && !d.restricted);
        if (devices.length > 0) return devices;
      }
      return [];
    });
  }

  async function playPlan(target: Target, plan: PlayPlan): Promise<void> {
    if ('refusal' in plan) {
      void vscode.window.showInformationMessage(refusalWords(plan.refusal));
      return;
    }
    const what = vscode.l10n.t('play this');
    await control(target, what, async (deviceId) => {
      try {
        await player.play(plan.request, deviceId);
      } catch (error) {
        // Spotify refused the collection as a context: the song and those after it, by uri.
        if (!plan.fallback || error instanceof NoActiveDeviceError || !(error instanceof NotFoundError || (error instanceof BadResponseError && error.status === 400))) throw error;
        logger.info('[player] the collection context was refused: playing by uris');
        await player.play(plan.fallback, deviceId);
      }
    });
  }

  /** The last Play of a row: Enter on a row whose click plays may have played it already. */
  let lastPlay: { key: string; at: number } | undefined;

  const play = async (arg?: unknown): Promise<void> => {
    const target = targetOf(arg) ?? selectedTarget();
    if (!target) return;
    lastPlay = { key: 'node' in target ? target.node.id : target.link.uri, at: Date.now() };
    const plan = 'node' in target ? playPlanForNode(target.node, model.currentAccountId) : playPlanForLink(target.link);
    await playPlan(target, plan);
  };

  /**
   * Enter in the Library view: the row with keyboard focus (which arrows move without selecting)
   * is selected first, as Enter does in any list; a song or episode then plays. Other rows keep
   * what Enter does there (expand, Load more, Retry), which the selection's open runs.
   */
  const playFocused = async (): Promise<void> => {
    const selected = new Promise<readonly LibraryNode[]>((resolve) => {
      const listener = view.treeView.onDidChangeSelection((event) => {
        listener.dispose();
        resolve(event.selection);
      });
      // Enter on the row already selected changes nothing: its selection stands.
      setTimeout(() => {
        listener.dispose();
        resolve(view.treeView.selection);
      }, 300);
    });
    await vscode.commands.executeCommand('list.select');
    const nodes = await selected;
    const node = nodes.length === 1 ? (nodes[0] as LibraryNode & { track?: TrackRecord }) : undefined;
    if (!node?.track || (node.track.kind !== 'track' && node.track.kind !== 'episode')) return;
    if (node.getTreeItem().command?.command === PLAY_COMMAND) {
      // With clicks playing (spotifyLibrary.clickAction), the selection's open may play it too: once is enough.
      await new Promise((resolve) => setTimeout(resolve, DOUBLE_PLAY_MS / 4));
      if (lastPlay?.key === node.id && Date.now() - lastPlay.at < DOUBLE_PLAY_MS) return;
    }
    await play(node);
  };

  const addToQueue = async (arg?: unknown): Promise<void> => {
    const target = targetOf(arg) ?? selectedTarget();
    if (!target) return;
    const queued = 'node' in target ? queueUriForNode(target.node) : target.link.kind === 'track' || target.link.kind === 'episode' ? { uri: target.link.uri } : { refusal: 'notPlayable' as const };
    if ('refusal' in queued) {
      void vscode.window.showInformationMessage(refusalWords(queued.refusal));
      return;
    }
    const { uri } = queued;
    if (await control(target, vscode.l10n.t('add this to the queue'), (deviceId) => player.addToQueue(uri, deviceId))) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Added to the Spotify queue'), 2000);
      // The now-playing pick, if open, shows the queue as it is now.
      await openPick?.readQueue();
    }
  };

  /** Moves playback to the device picked, keeping it playing if it played (`play: false` keeps the state). */
  const chooseDevice = async (): Promise<void> => {
    await control(undefined, vscode.l10n.t('choose a device'), async () => {
      const deviceId = await chooseDeviceFor(undefined);
      if (deviceId) await player.transfer(deviceId, nowPlaying.current?.activity === 'playing');
    });
  };

  const controls = new PlayerControls({ model, view, player, nowPlaying, logger, chooseDevice });

  /** Like on what plays: songs only (an episode is saved, a local file is not in Spotify's catalog). */
  const likePlaying = async (): Promise<void> => {
    if (!nowPlaying.current?.item) await nowPlaying.refresh();
    const item = nowPlaying.current?.activity !== 'idle' ? nowPlaying.current?.item : undefined;
    if (!item) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing is playing on Spotify.'));
      return;
    }
    if (item.kind !== 'track') {
      void vscode.window.showInformationMessage(item.kind === 'episode' ? vscode.l10n.t('“{0}” is an episode: only songs can be liked.', item.name) : vscode.l10n.t('“{0}” is a local file: only songs on Spotify can be liked.', item.name));
      return;
    }
    await vscode.commands.executeCommand(LIKE_COMMAND, { uri: item.uri, name: item.name, artists: item.byline, durationMs: item.durationMs });
  };

  const revealPlaying = async (): Promise<void> => {
    const playing = nowPlaying.current?.item;
    if (!playing) return;
    const contextUri = nowPlaying.current?.contextUri;
    // Not loaded here yet: the playlist it plays from is read on (the user's click, so interactive) until it shows.
    const place = placeOf(model, playing.uri, contextUri) ?? (await loadPlayingContext(model, playing.uri, contextUri));
    const node = place && 'listId' in place ? await nodeForEntry(view.tree, { ...place, key: playing.uri }, (candidate) => candidate.link()?.uri) : undefined;
    if (!node) {
      const retry = vscode.l10n.t('Retry');
      if (place && 'error' in place) {
        // A playlist Spotify will never show here opens in Spotify; anything else may work on Retry.
        const hidden = place.error instanceof ForbiddenError && place.error.reason === 'notOwned';
        const open = vscode.l10n.t('Open in Spotify');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Could not show "{0}" in the library: {1}', playing.name, messageOf(place.error)), hidden ? open : retry);
        if (choice === retry) await revealPlaying();
        else if (choice === open) await vscode.commands.executeCommand('spotifyLibrary.openInSpotify', { link: () => ({ url: playlistUrl(place.playlist), uri: playlistUri(place.playlist) }) });
      } else void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is not in the part of your library loaded here.', playing.name));
      return;
    }
    // A reveal the tree did not keep (its list changed meanwhile) says so, with Retry: never a silent no-op.
    const shown = await revealNode(view.treeView, node, { focus: true }).catch((error: unknown) => {
      logger.warn(`[player] reveal of the playing song failed: ${messageOf(error)}`);
      return false;
    });
    if (shown) return;
    const retry = vscode.l10n.t('Retry');
    if ((await vscode.window.showWarningMessage(vscode.l10n.t('Could not show "{0}" in the library: {1}', playing.name, vscode.l10n.t('the list kept changing while it was shown.')), retry)) === retry) await revealPlaying();
  };

  const showNowPlaying = async (): Promise<void> => {
    await nowPlaying.refresh();
    const current = nowPlaying.current;
    type Entry = PlayerPickEntry;
    /** A control's entry; what the player forbids now stays listed, greyed by its reason, and says so when picked. */
    const controlEntry = (control: PlayerControl, icon: string, label: string, description?: string): Entry => {
      const refusal = controls.refusalNow(control);
      return { label: `$(${icon}) ${label}`, description: refusal ? `$(circle-slash) ${refusal}` : description, run: () => controls.press(control) };
    };
    const entries: Entry[] = [];
    if (current?.item) {
      entries.push(current.activity === 'playing' ? controlEntry('togglePlayback', 'debug-pause', vscode.l10n.t('Pause')) : controlEntry('togglePlayback', 'play', vscode.l10n.t('Resume')));
      entries.push(controlEntry('next', 'debug-step-over', vscode.l10n.t('Next')));
      entries.push(controlEntry('previous', 'debug-step-back', vscode.l10n.t('Previous')));
      entries.push(controlEntry('seekBackward', 'chevron-left', vscode.l10n.t('Back 15 Seconds')));
      entries.push(controlEntry('seekForward', 'chevron-right', vscode.l10n.t('Forward 15 Seconds')));
      entries.push(controlEntry('toggleShuffle', 'arrow-swap', current.shuffle ? vscode.l10n.t('Turn Shuffle Off') : vscode.l10n.t('Turn Shuffle On'), current.shuffle === undefined ? undefined : current.shuffle ? vscode.l10n.t('Shuffle on') : vscode.l10n.t('Shuffle off')));
      const repeatTo = nextRepeatMode(current.repeat);
      entries.push(
        controlEntry(
          'cycleRepeat',
          'sync',
          repeatTo === 'off' ? vscode.l10n.t('Turn Repeat Off') : repeatTo === 'context' ? vscode.l10n.t('Repeat List') : vscode.l10n.t('Repeat Song'),
          current.repeat && repeatWords(current.repeat),
        ),
      );
      const volume = current.volumePercent === undefined ? undefined : vscode.l10n.t('Volume {0}%', current.volumePercent);
      entries.push(controlEntry('volumeUp', 'unmute', vscode.l10n.t('Volume Up'), volume));
      entries.push(controlEntry('volumeDown', 'mute', vscode.l10n.t('Volume Down'), volume));
      if (current.item.kind === 'track' && (await vscode.commands.getCommands(true)).includes(LIKE_COMMAND)) entries.push({ label: `$(heart) ${vscode.l10n.t('Like')}`, run: likePlaying });
      entries.push({ label: `$(list-tree) ${vscode.l10n.t('Reveal in Library')}`, run: revealPlaying });
    }
    entries.push(controlEntry('chooseDevice', 'device-desktop', vscode.l10n.t('Choose Device...')));
    const title = current?.item ? `${current.item.name}${current.item.byline ? ` · ${current.item.byline}` : ''}` : vscode.l10n.t('Nothing is playing on Spotify');
    const where = current?.deviceName ? [vscode.l10n.t('On {0}', current.deviceName)] : [];
    const state = current?.item ? [...where, ...playerModeWords(current)] : where;
    const picked = await showPlayerPick(entries, title, state.length > 0 ? state.join(' · ') : undefined, !!current?.item && model.missingScopes(ACTION_SCOPES.playback).length === 0);
    await picked?.run();
  };

  /** The now-playing pick while it is open: Add to Queue reads the queue again into it. */
  let openPick: { readQueue(): Promise<void> } | undefined;

  /**
   * The pick with the controls, then "Up Next": the queue, read once as it opens (and again after an
   * Add to Queue while it shows). Spotify cannot jump within the queue: picking an entry plays that
   * song by itself (PUT play with its uri), as Play on a link does; its button copies its link.
   */
  async function showPlayerPick(controlEntries: PlayerPickEntry[], title: string, placeholder: string | undefined, readsQueue: boolean): Promise<PlayerPickEntry | undefined> {
    const pick = vscode.window.createQuickPick<PlayerPickEntry>();
    pick.title = title;
    pick.placeholder = placeholder;
    pick.matchOnDescription = true;
    let upNext: PlayerPickEntry[] = [];
    pick.items = controlEntries;
    const readQueue = async (): Promise<void> => {
      pick.busy = true;
      try {
        upNext = upNextEntries((await player.queue({ lane: 'interactive' })).upNext);
      } catch (error) {
        logger.warn(`[player] reading the queue failed: ${isSpotifyError(error) ? error.kind : String(error)}`);
      } finally {
        pick.busy = false;
      }
      const active = pick.activeItems[0];
      pick.items = [...controlEntries, ...upNext];
      if (active && controlEntries.includes(active)) pick.activeItems = [active];
    };
    const handle = { readQueue };
    const chosen = new Promise<PlayerPickEntry | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.onDidTriggerItemButton(({ item }) => {
        if (!item.url) return;
        void vscode.env.clipboard.writeText(item.url).then(() => vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Spotify link copied'), 2000));
      });
    });
    openPick = handle;
    pick.show();
    if (readsQueue) void readQueue();
    try {
      return await chosen;
    } finally {
      if (openPick === handle) openPick = undefined;
      pick.dispose();
    }
  }

  function upNextEntries(items: readonly PlayerItem[]): PlayerPickEntry[] {
    const separator: PlayerPickEntry = { label: vscode.l10n.t('Up Next'), kind: vscode.QuickPickItemKind.Separator, run: () => Promise.resolve() };
    if (items.length === 0) return [separator, { label: `$(info) ${vscode.l10n.t('Nothing queued')}`, description: vscode.l10n.t('Add to Queue puts songs here'), run: () => Promise.resolve() }];
    return [
      separator,
      ...items.slice(0, UP_NEXT_SHOWN).map((item): PlayerPickEntry => {
        const id = /^spotify:(?:track|episode):([A-Za-z0-9]+)$/.exec(item.uri)?.[1];
        const url = id && item.kind !== 'local' ? `https://open.spotify.com/${item.kind}/${id}` : undefined;
        return {
          label: `$(${item.kind === 'episode' ? 'radio-tower' : item.kind === 'local' ? 'file-media' : 'music'}) ${item.name}`,
          description: item.byline || undefined,
          buttons: url ? [{ iconPath: new vscode.ThemeIcon('link'), tooltip: vscode.l10n.t('Copy Link') }] : undefined,
          url,
          run: async () => {
            if (!id || item.kind === 'local') return void vscode.window.showInformationMessage(refusalWords('localFile'));
            await play({ kind: item.kind, id, uri: item.uri });
          },
        };
      }),
    ];
  }

  function selectedTarget(): Target {
    const selected = view.treeView.selection;
    return selected.length === 1 ? { node: selected[0] } : undefined;
  }

  return vscode.Disposable.from(
    vscode.commands.registerCommand(PLAY_COMMAND, play),
    vscode.commands.registerCommand(ADD_TO_QUEUE_COMMAND, addToQueue),
    vscode.commands.registerCommand(PLAY_FOCUSED_COMMAND, playFocused),
    controls,
    vscode.commands.registerCommand(PLAYER_CONTROL_COMMANDS.chooseDevice, () => controls.press('chooseDevice')),
    vscode.commands.registerCommand(LIKE_PLAYING_COMMAND, likePlaying),
    vscode.commands.registerCommand(NOW_PLAYING_COMMAND, showNowPlaying),
  );
}

/** An entry of the now-playing pick: a control, or a song up next (with its link for Copy Link). */
type PlayerPickEntry = vscode.QuickPickItem & { run: () => Promise<unknown>; url?: string };

/** How many of the queue's entries the now-playing pick lists. */
const UP_NEXT_SHOWN = 10;

/** A command's argument: a tree node (has getTreeItem), or a hover's `{kind, id, uri}`. */
function targetOf(arg: unknown): Target {
  if (typeof arg !== 'object' || arg === null) return undefined;
  if ('getTreeItem' in arg) return { node: arg as LibraryNode };
  const link = arg as Partial<PlayableLink>;
  if (typeof link.kind === 'string' && typeof link.id === 'string' && typeof link.uri === 'string' && link.uri.startsWith('spotify:')) return { link: { kind: link.kind, id: link.id, uri: link.uri } };
  return undefined;
}

/** Where a playing song is in what this window loaded: its list in the context first, then Liked Songs, then the playlists. */
function placeOf(model: LibraryModel, uri: string, contextUri: string | undefined): { listId: string; index: number } | undefined {
  const indexIn = (items: readonly TrackRecord[]) => items.findIndex((track) => track.id !== undefined && `spotify:${track.kind}:${track.id}` === uri);
  const playlistId = /^spotify:playlist:(\w+)$/.exec(contextUri ?? '')?.[1];
  const playlists = model.playlists.items;
  const ordered = playlistId ? [...playlists.filter((p) => p.id === playlistId), ...playlists.filter((p) => p.id !== playlistId)] : playlists;
  const inLiked = indexIn(model.liked.items);
  if (!playlistId && inLiked >= 0) return { listId: 'liked', index: inLiked };
  for (const playlist of ordered) {
    const index = indexIn(model.entriesOf(playlist).items);
    if (index >= 0) return { listId: `playlist:${playlist.id}`, index };
  }
  return inLiked >= 0 ? { listId: 'liked', index: inLiked } : undefined;
}

/**
 * Where the playing song is in the playlist it plays from, reading that playlist's pages (as Load
 * more does) until the song shows: undefined when the context is no playlist of the user's or the
 * song is not in it, the list's error when Spotify would not give its entries.
 */
async function loadPlayingContext(model: LibraryModel, uri: string, contextUri: string | undefined): Promise<{ listId: string; index: number } | { error: unknown; playlist: PlaylistRecord } | undefined> {
  const playlistId = /^spotify:playlist:(\w+)$/.exec(contextUri ?? '')?.[1];
  if (!playlistId) return undefined;
  await loadUntil(model.playlists, () => !!model.playlistById(playlistId));
  const playlist = model.playlistById(playlistId);
  if (!playlist) return undefined;
  const entries = model.entriesOf(playlist);
  const indexOfSong = () => entries.items.findIndex((track) => track.id !== undefined && `spotify:${track.kind}:${track.id}` === uri);
  await loadUntil(entries, () => indexOfSong() >= 0);
  const index = indexOfSong();
  if (index >= 0) return { listId: `playlist:${playlist.id}`, index };
  return entries.error ? { error: entries.error, playlist } : undefined;
}

/** The Spotify app (openIn: app) or the web player, which becomes a device to play on once it loads. */
async function openSpotify(): Promise<void> {
  await vscode.env.openExternal(vscode.Uri.parse(readSettings().openIn === 'app' ? 'spotify:' : 'https://open.spotify.com/', true));
}

function deviceIcon(device: PlayerDevice): string {
  switch (device.type.toLowerCase()) {
    case 'smartphone':
      return 'device-mobile';
    case 'speaker':
    case 'avr':
    case 'stb':
    case 'audiodongle':
      return 'unmute';
    case 'tv':
    case 'castvideo':
      return 'screen-full';
    default:
      return 'device-desktop';
  }
}

function refusalWords(refusal: PlayRefusal): string {
  switch (refusal) {
    case 'localFile':
      return vscode.l10n.t('Local files play only in the Spotify app on the device that has them.');
    case 'removed':
      return vscode.l10n.t('This is no longer available on Spotify.');
    case 'unavailable':
      return vscode.l10n.t('This is not available in your market.');
    case 'notPlayable':
      return vscode.l10n.t('There is nothing here to play.');
  }
}
