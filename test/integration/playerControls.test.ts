// The keyboard's player controls in the real extension host against the fake Spotify's player:
// every command a keybinding runs goes through (its request in the fake's log), Next pressed five
// times quickly is five POST /me/player/next in order and one read after them, shuffle and repeat
// change the fake's player, a speaker with a fixed volume says so by name without a request, what
// `actions.disallows` forbids is said instead of sent (and greyed in the quick pick), and a 429
// stops the presses after it and is said once.
//
// The fake's player controls used here were added alongside (test/fake-spotify, another change):
// every name this file assumes of them is marked `FAKE-API:` so it can be aligned in one place.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { ACTION_SCOPES } from '../../src/common/sections';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { control, fake, fakeUrl, requestsTo } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { playlistRow, rowsOf, type TrackRow, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

const PLAYBACK_SCOPES = [...SPOTIFY_SCOPES, ...ACTION_SCOPES.playback, ...ACTION_SCOPES.saveToLibrary];

/** The fake's player as GET /__fake/player reports it. */
interface PlayerView {
  playback: {
    itemUri: string | null;
    index: number;
    isPlaying: boolean;
    // FAKE-API: the fields of `playback` the other change adds (shuffle, repeat, volume, position).
    shuffle: boolean;
    repeat: 'off' | 'context' | 'track';
    volumePercent: number | null;
    progressMs: number;
  };
  devices: Array<{ id: string; name: string; is_active: boolean; volume_percent?: number; supports_volume?: boolean }>;
}
const player = {
  get: () => control<PlayerView>('/__fake/player'),
  // FAKE-API: `devices: 'kitchenSpeaker'` (only the Kitchen Speaker, active, supports_volume false), `shuffle`, `repeat`.
  configure: (patch: Record<string, unknown>) => control<PlayerView>('/__fake/player', patch),
  // FAKE-API: POST /__fake/player/disallows {skipping_next: true, ...} forces actions.disallows; {} clears.
  disallow: (disallows: Record<string, boolean>) => control('/__fake/player/disallows', disallows),
};

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { keybindings: Keybinding[] } };
/** The player's chord prefix (README, "The player at your fingertips"). */
const PREFIX = { other: 'shift+alt+s ', mac: 'ctrl+shift+s ' };
const playerKeybindings = manifest.contributes.keybindings.filter((binding) => binding.key.startsWith(PREFIX.other));

async function signInWith(api: LibraryExtensionApi, scopes: readonly string[]): Promise<void> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  await fake.configure({ autoApprove: true });
  await api.auth.createSession([...scopes]);
  await api.whenSessionSynced();
}

/** A playable song of the 120-entry fixture playlist, as its row in the tree. */
async function playlistEntry(api: LibraryExtensionApi, index = 4): Promise<TrackRow> {
  const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
  const { rows } = await rowsOf(api, playlist);
  const row = rows.slice(index).find((candidate) => candidate.track.kind === 'track' && candidate.track.playable !== false);
  assert.ok(row, `a playable song from entry ${index}`);
  return row;
}

/** Signed in, a song of the fixture playlist playing, the status bar's state read, the log cleared. */
async function playing(api: LibraryExtensionApi, index = 4): Promise<TrackRow> {
  await signInWith(api, PLAYBACK_SCOPES);
  const row = await playlistEntry(api, index);
  await vscode.commands.executeCommand('spotifyLibrary.play', row);
  await api.nowPlaying.refresh();
  assert.equal(api.nowPlaying.current?.item?.uri, `spotify:track:${row.track.id}`);
  await fake.clearLog();
  return row;
}

const writes = async (route: string, method = 'PUT') => (await requestsTo(route)).filter((entry) => entry.method === method);

describe('Player controls from the keyboard (real VS Code, fake Spotify player)', function () {
  this.timeout(90_000);
  let api: LibraryExtensionApi;
  let ui = false;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
    ui = await workbenchUiAvailable();
  });

  afterEach(async () => {
    if (!fakeUrl) return;
    await player.disallow({});
    await fake.clearFaults();
    api.client.gate.reset();
    if (ui) {
      await workbench.closeQuickInput();
      await workbench.clearNotifications();
    }
  });

  it('binds every control under the one prefix, for signed-in windows only, on every platform', () => {
    const commands = playerKeybindings.map((binding) => binding.command).sort();
    assert.deepEqual(commands, [
      'spotifyLibrary.chooseDevice',
      'spotifyLibrary.cycleRepeat',
      'spotifyLibrary.likePlaying',
      'spotifyLibrary.next',
      'spotifyLibrary.nowPlaying',
      'spotifyLibrary.previous',
      'spotifyLibrary.searchSpotify',
      'spotifyLibrary.seekBackward',
      'spotifyLibrary.seekForward',
      'spotifyLibrary.togglePlayback',
      'spotifyLibrary.toggleShuffle',
      'spotifyLibrary.volumeDown',
      'spotifyLibrary.volumeUp',
    ]);
    for (const binding of playerKeybindings) {
      assert.equal(binding.when, 'spotifyLibrary:signedIn', binding.command);
      assert.equal(binding.mac, PREFIX.mac + binding.key.slice(PREFIX.other.length), `${binding.command}: the same second key on macOS`);
    }
    assert.equal(new Set(playerKeybindings.map((binding) => binding.key)).size, playerKeybindings.length, 'no key twice');
  });

  it('each keybinding’s command runs and sends what Spotify documents', async () => {
    await playing(api);
    const expected: Record<string, { route: string; method: string; query?: Record<string, string> }> = {
      'spotifyLibrary.togglePlayback': { route: '/v1/me/player/pause', method: 'PUT' },
      'spotifyLibrary.next': { route: '/v1/me/player/next', method: 'POST' },
      'spotifyLibrary.previous': { route: '/v1/me/player/previous', method: 'POST' },
      'spotifyLibrary.seekForward': { route: '/v1/me/player/seek', method: 'PUT' },
      'spotifyLibrary.seekBackward': { route: '/v1/me/player/seek', method: 'PUT' },
      'spotifyLibrary.volumeUp': { route: '/v1/me/player/volume', method: 'PUT' },
      'spotifyLibrary.volumeDown': { route: '/v1/me/player/volume', method: 'PUT' },
      'spotifyLibrary.toggleShuffle': { route: '/v1/me/player/shuffle', method: 'PUT', query: { state: 'true' } },
      'spotifyLibrary.cycleRepeat': { route: '/v1/me/player/repeat', method: 'PUT', query: { state: 'context' } },
      'spotifyLibrary.likePlaying': { route: '/v1/me/library', method: 'PUT' },
    };
    for (const [command, request] of Object.entries(expected)) {
      await fake.clearLog();
      await vscode.commands.executeCommand(command);
      await waitFor(async () => (await writes(request.route, request.method)).length === 1, `${command} to send ${request.method} ${request.route}`, 5_000);
      const [sent] = await writes(request.route, request.method);
      assert.ok(sent.status >= 200 && sent.status < 300, `${command}: HTTP ${sent.status}`);
      for (const [name, value] of Object.entries(request.query ?? {})) assert.equal(sent.query[name], value, `${command}: ${name}`);
      if (command === 'spotifyLibrary.togglePlayback') await vscode.commands.executeCommand(command); // playing again for the rest
    }
    assert.ok((await writes('/v1/me/library')).some((entry) => (entry.query.uris ?? '').includes('spotify:track:')), 'Like sent a song');
    if (!ui) return;
    // The two that open a pick: Now Playing (titled with the song) and Choose Device.
    const pick = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    await workbench.waitForQuickInput((shown) => shown.items.some((item) => item.label === 'Volume Up'), 'the now-playing pick');
    await workbench.closeQuickInput();
    await pick;
    const devices = vscode.commands.executeCommand('spotifyLibrary.chooseDevice');
    await workbench.waitForQuickInput((shown) => shown.title === 'Choose a Spotify Device', 'the device pick');
    await workbench.closeQuickInput();
    await devices;
  });

  it('Next five times quickly: five POST /me/player/next in the fake’s log, in order, then one read of the player', async () => {
    await playing(api, 2);
    const before = (await player.get()).playback.index;
    await Promise.all([1, 2, 3, 4, 5].map(() => vscode.commands.executeCommand('spotifyLibrary.next')));
    await waitFor(async () => (await requestsTo('/v1/me/player')).some((entry) => entry.method === 'GET' && entry.path === '/v1/me/player'), 'the read after the last Next', 5_000);
    const log = (await requestsTo('/v1/me/player')).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    assert.deepEqual(log, [...Array.from({ length: 5 }, () => 'POST /v1/me/player/next 204'), 'GET /v1/me/player 200'], 'one at a time, then one read');
    assert.equal((await player.get()).playback.index, before + 5, 'five songs on');
  });

  it('the chords as a user presses them: Shift+Alt+S then → sends Next, then F opens Search Spotify', async function () {
    if (!ui) this.skip();
    await playing(api, 2);
    await fake.clearLog();
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await workbench.pressKeys('Shift+Alt+KeyS', 'ArrowRight');
    await waitFor(async () => (await requestsTo('/v1/me/player/next')).length === 1, 'Next sent by the chord', 5_000);
    await workbench.pressKeys('Shift+Alt+KeyS', 'KeyF');
    await workbench.waitForQuickInput((shown) => shown.title === 'Search Spotify', 'Search Spotify opened by its chord');
    await workbench.closeQuickInput();
  });

  it('shuffle toggles and repeat cycles off -> list -> song -> off in the fake’s player, and the status bar’s tooltip follows', async () => {
    await playing(api, 6);
    await vscode.commands.executeCommand('spotifyLibrary.toggleShuffle');
    assert.equal((await player.get()).playback.shuffle, true);
    await vscode.commands.executeCommand('spotifyLibrary.toggleShuffle');
    assert.equal((await player.get()).playback.shuffle, false);
    const modes: string[] = [];
    for (let n = 0; n < 3; n++) {
      await vscode.commands.executeCommand('spotifyLibrary.cycleRepeat');
      modes.push((await player.get()).playback.repeat);
    }
    assert.deepEqual(modes, ['context', 'track', 'off']);
    assert.deepEqual((await writes('/v1/me/player/repeat')).map((entry) => entry.query.state), ['context', 'track', 'off']);

    await vscode.commands.executeCommand('spotifyLibrary.cycleRepeat');
    await vscode.commands.executeCommand('spotifyLibrary.volumeDown');
    await waitFor(() => api.nowPlaying.current?.repeat === 'context', 'the state read after the presses', 5_000);
    const volume = (await player.get()).playback.volumePercent;
    assert.equal(api.nowPlaying.current?.volumePercent, volume);
    if (!ui) return;
    const pick = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    const shown = await workbench.waitForQuickInput((input) => input.items.some((item) => item.label === 'Volume Up'), 'the now-playing pick');
    assert.ok(shown.placeholder.includes('Shuffle off') && shown.placeholder.includes('Repeat list') && shown.placeholder.includes(`Volume ${volume}%`), shown.placeholder);
    assert.ok(shown.items.some((item) => item.label === 'Repeat Song'), 'the next repeat mode on offer');
    await workbench.closeQuickInput();
    await pick;
  });

  it('a speaker with a fixed volume: Volume Up says “Kitchen Speaker” does not allow changing the volume, and sends nothing', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    await player.configure({ devices: 'kitchenSpeaker' }); // FAKE-API: the speaker alone, active, supports_volume false
    await vscode.commands.executeCommand('spotifyLibrary.play', await playlistEntry(api, 3));
    await api.nowPlaying.refresh();
    assert.equal(api.nowPlaying.current?.supportsVolume, false);
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.volumeUp');
    await workbench.notifications('does not allow changing the volume');
    const shown = await workbench.notifications();
    assert.ok(shown.some((n) => n.message === '“Kitchen Speaker” does not allow changing the volume.'), JSON.stringify(shown.map((n) => n.message)));
    assert.deepEqual(await writes('/v1/me/player/volume'), [], 'nothing sent');

    // Where the state still said it could (read before the device changed), Spotify's 403 gets the same words.
    // FAKE-API: POST /__fake/player/devices/update {id, supports_volume}
    const speaker = (await player.get()).devices.find((device) => device.name === 'Kitchen Speaker')!;
    await control('/__fake/player/devices/update', { id: speaker.id, supports_volume: true, volume_percent: 50 });
    await api.nowPlaying.refresh();
    await control('/__fake/player/devices/update', { id: speaker.id, supports_volume: false });
    await workbench.clearNotifications();
    await vscode.commands.executeCommand('spotifyLibrary.volumeUp');
    await workbench.notifications('does not allow changing the volume');
    assert.deepEqual((await writes('/v1/me/player/volume')).map((entry) => entry.status), [403]);
  });

  it('what actions.disallows forbids is said, not sent, and greyed with its reason in the quick pick', async function () {
    if (!ui) this.skip();
    await playing(api, 8);
    await player.disallow({ skipping_next: true });
    await api.nowPlaying.refresh();
    assert.ok(api.nowPlaying.current?.disallows?.has('skipping_next'));
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.next');
    await workbench.notifications('Spotify does not allow skipping to the next song right now.');
    assert.deepEqual(await writes('/v1/me/player/next', 'POST'), [], 'nothing sent');

    const pick = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    const shown = await workbench.waitForQuickInput((input) => input.items.some((item) => item.label === 'Next'), 'the now-playing pick');
    assert.match(shown.items.find((item) => item.label === 'Next')!.description, /does not allow skipping to the next song/);
    assert.equal(shown.items.find((item) => item.label === 'Previous')!.description, '', 'Previous is allowed');
    await workbench.closeQuickInput();
    await pick;
  });

  it('a 429 on Next stops the presses after it and says so once; nothing more is sent until Spotify’s wait is over', async function () {
    if (!ui) this.skip();
    await playing(api, 10);
    // Longer than the client waits out by itself: the first Next fails with the time.
    await fake.setFaults({ rateLimit: { retryAfterSeconds: 600, count: 1, pathPrefix: '/v1/me/player/next' } });
    await Promise.all([1, 2, 3, 4, 5].map(() => vscode.commands.executeCommand('spotifyLibrary.next')));
    assert.deepEqual((await writes('/v1/me/player/next', 'POST')).map((entry) => entry.status), [429], 'one request, no retries that multiply');
    await workbench.notifications('Could not skip to the next song');
    const said = (await workbench.notifications()).filter((n) => n.message.startsWith('Could not skip to the next song'));
    assert.equal(said.length, 1, 'said once');
    assert.match(said[0].message, /request limit for your app is used up until/);
    await vscode.commands.executeCommand('spotifyLibrary.next');
    assert.equal((await writes('/v1/me/player/next', 'POST')).length, 1, 'a press during the wait sends nothing');
    // Spotify's wait over (the gate reset, as a restart does): Next goes through again.
    api.client.gate.reset();
    await fake.clearFaults();
    await vscode.commands.executeCommand('spotifyLibrary.next');
    assert.deepEqual((await writes('/v1/me/player/next', 'POST')).map((entry) => entry.status), [429, 204]);
  });

  it('no active device: the control says so and offers Choose Device, which moves playback there', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    await player.configure({ devices: 'severalInactive' });
    await vscode.commands.executeCommand('spotifyLibrary.next');
    await workbench.clickNotificationButton('No Spotify device is active to skip to the next song', 'Choose Device...');
    await workbench.waitForQuickInput((shown) => shown.title === 'Choose a Spotify Device', 'listing the devices');
    await workbench.pick('Fake Phone');
    await waitFor(async () => (await player.get()).devices.find((device) => device.is_active)?.name === 'Fake Phone', 'playback moved to the phone', 5_000);
  });
});
