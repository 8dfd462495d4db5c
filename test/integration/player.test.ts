// Playing, in the real extension host against the fake Spotify's player: Play on a playlist entry
// from its inline button, the device pick when no device is active, an account without Premium,
// the Grant Access path for a session without the playback permissions, and the now-playing status
// bar (what it shows, following a change within one poll, no reads with the setting off or the
// window unfocused). UI is driven through the harness as a user would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { ACTION_SCOPES } from '../../src/common/sections';
import type { LibraryExtensionApi } from '../../src/extension';
import { PLAYING_POLL_MS } from '../../src/player/pollSchedule';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import type { FakePlayback } from '../fake-spotify/player';
import { control, fake, fakeUrl, requestsTo, waitForBrowserOpen } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { itemOf, playlistRow, revealAndSelect, rowsOf, runItemMenuCommand, type TrackRow, waitFor } from './support/tree';
import { declineGrantAccess, workbench, workbenchUiAvailable } from './support/workbench';

const PLAYBACK_SCOPES = [...SPOTIFY_SCOPES, ...ACTION_SCOPES.playback];

interface PlayerView {
  playback: FakePlayback;
  devices: Array<{ id: string; name: string; is_active: boolean }>;
}
const player = {
  get: () => control<PlayerView>('/__fake/player'),
  configure: (patch: Record<string, unknown>) => control<PlayerView>('/__fake/player', patch),
  remote: (action: string, playContext?: string) => control('/__fake/player/remote', { action, playContext }),
};

async function signInWith(api: LibraryExtensionApi, scopes: readonly string[]): Promise<void> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  await fake.configure({ autoApprove: true });
  await api.auth.createSession([...scopes]);
  await api.whenSessionSynced();
}

/** A playable song of the 120-entry fixture playlist, as its row in the tree: the first at or after `index` (some are unavailable in the market). */
async function playlistEntry(api: LibraryExtensionApi, index = 4): Promise<TrackRow> {
  const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
  const { rows } = await rowsOf(api, playlist);
  const row = rows.slice(index).find((candidate) => candidate.track.kind === 'track' && candidate.track.playable !== false);
  assert.ok(row, `a playable song from entry ${index}`);
  return row;
}

async function nowPlayingEntry(): Promise<{ text: string; label: string } | undefined> {
  return (await workbench.statusBar()).find((entry) => /spotifylibrary\.nowplaying$/i.test(entry.id));
}

describe('Playing (real VS Code, fake Spotify player)', function () {
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
    await vscode.workspace.getConfiguration('spotifyLibrary').update('nowPlaying.enabled', undefined, vscode.ConfigurationTarget.Global);
    if (ui) {
      await workbench.closeQuickInput();
      await workbench.clearNotifications();
    }
  });

  it('Play on a playlist entry (its inline button) plays that playlist from that entry on the active device', async () => {
    await signInWith(api, PLAYBACK_SCOPES);
    const row = await playlistEntry(api);
    await fake.clearLog();
    await runItemMenuCommand(api, row, 'inline', 'spotifyLibrary.play');
    const { playback } = await player.get();
    const uri = `spotify:track:${row.track.id}`;
    assert.equal(playback.contextUri, `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`);
    assert.equal(playback.itemUri, uri);
    assert.equal(playback.isPlaying, true);
    assert.equal(playback.deviceId, (await player.get()).devices.find((d) => d.is_active)?.id);
    const [sent] = (await requestsTo('/v1/me/player/play')).filter((entry) => entry.method === 'PUT');
    assert.deepEqual(sent.body, { context_uri: `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`, offset: { uri } });
    // A single click does nothing by default: the row has no command.
    assert.equal(itemOf(api, row).command, undefined);
  });

  it('Enter on a song plays it, the one the arrow keys focused; a single click does what spotifyLibrary.clickAction says (nothing by default)', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    const row = await playlistEntry(api, 3);
    await workbench.windowFocus(true); // the user is in this window (a sign-in page may have opened in front)
    await vscode.commands.executeCommand('spotifyLibrary.library.focus');
    await revealAndSelect(api, row);
    await workbench.pressKeys('Enter');
    await waitFor(async () => (await player.get()).playback.itemUri === `spotify:track:${row.track.id}`, 'Enter to play the selected song', 5_000);
    // The arrow keys move the focus, not the selection: Enter plays the row they reached.
    const { rows } = await rowsOf(api, row.parent!);
    const below = rows[rows.indexOf(rows.find((r) => r.id === row.id)!) + 1];
    assert.ok(below && below.track.playable !== false, 'the next row is playable');
    await workbench.pressKeys('ArrowDown', 'Enter');
    await waitFor(async () => (await player.get()).playback.itemUri === `spotify:track:${below.track.id}`, 'Enter to play the focused song', 5_000);
    assert.equal(api.treeView.selection[0]?.id, below.id, 'and it is selected, as Enter selects in any list');

    // Enter on a playlist still expands it, as in any tree.
    const other = await playlistRow(api, FIXTURE_PLAYLISTS.edgeCases);
    const expanded = new Promise<string>((resolve) => {
      const listener = api.treeView.onDidExpandElement((event) => {
        listener.dispose();
        resolve(event.element.id);
      });
    });
    await revealAndSelect(api, other);
    await workbench.pressKeys('Enter');
    assert.equal(await Promise.race([expanded, new Promise((resolve) => setTimeout(() => resolve('not expanded'), 5_000))]), other.id);

    const config = vscode.workspace.getConfiguration('spotifyLibrary');
    try {
      await config.update('clickAction', 'play', vscode.ConfigurationTarget.Global);
      const click = itemOf(api, row).command;
      assert.equal(click?.command, 'spotifyLibrary.play');
      assert.deepEqual(click?.arguments, [row]);
      // Enter is a click from the keyboard: with clicks playing, Enter plays once.
      const fresh = (await rowsOf(api, row.parent!)).rows.find((r) => r.id === row.id)!;
      await revealAndSelect(api, fresh);
      await fake.clearLog();
      await workbench.pressKeys('Enter');
      await waitFor(async () => (await player.get()).playback.itemUri === `spotify:track:${row.track.id}`, 'Enter to play with clicks playing', 5_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a second Play would have gone out by now
      assert.equal((await requestsTo('/v1/me/player/play')).filter((entry) => entry.method === 'PUT').length, 1, 'one Play');
      await config.update('clickAction', 'open', vscode.ConfigurationTarget.Global);
      assert.equal(itemOf(api, row).command?.command, 'spotifyLibrary.openInSpotify');
    } finally {
      await config.update('clickAction', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(itemOf(api, row).command, undefined);
  });

  it('Add to Queue (context menu) queues the song; Play on Liked Songs itself plays the collection; the hover’s Play link plays the linked song', async () => {
    await signInWith(api, PLAYBACK_SCOPES);
    const row = await playlistEntry(api, 9);
    await vscode.commands.executeCommand('spotifyLibrary.play', await playlistEntry(api, 0));
    await runItemMenuCommand(api, row, 'context', 'spotifyLibrary.addToQueue');
    assert.deepEqual((await player.get()).playback.queue, [`spotify:track:${row.track.id}`]);

    await fake.clearLog();
    await runItemMenuCommand(api, api.tree.likedSongs, 'inline', 'spotifyLibrary.play');
    const [sent] = (await requestsTo('/v1/me/player/play')).filter((entry) => entry.method === 'PUT');
    assert.deepEqual(sent.body, { context_uri: 'spotify:user:fakeuser:collection' });
    assert.equal((await player.get()).playback.contextUri, 'spotify:user:fakeuser:collection');

    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: `Listen: https://open.spotify.com/track/${row.track.id}\n` });
    await vscode.window.showTextDocument(document);
    try {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 20));
      const text = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).find((value) => value.includes('command:spotifyLibrary.play?'));
      assert.ok(text, 'the hover offers Play');
      const args = JSON.parse(decodeURIComponent(/command:spotifyLibrary\.play\?([^ )]+)/.exec(text)![1])) as unknown[];
      await vscode.commands.executeCommand('spotifyLibrary.play', ...args);
      const { playback } = await player.get();
      assert.equal(playback.itemUri, `spotify:track:${row.track.id}`);
      assert.equal(playback.contextUri, null, 'a link plays the song itself');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('the now-playing quick pick: Pause, Next, Previous, Seek, Shuffle, Repeat, Volume, Reveal in Library (selects the row), Choose Device; Like only once its command exists', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    const row = await playlistEntry(api, 5);
    await vscode.commands.executeCommand('spotifyLibrary.play', row);

    const reveal = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    const pick = await workbench.waitForQuickInput((shown) => shown.title.startsWith(row.track.name), 'titled with the song');
    const expected = ['Pause', 'Next', 'Previous', 'Back 15 Seconds', 'Forward 15 Seconds', 'Turn Shuffle On', 'Repeat List', 'Volume Up', 'Volume Down', 'Reveal in Library', 'Choose Device...'];
    if ((await vscode.commands.getCommands(true)).includes('spotifyLibrary.like')) expected.splice(expected.indexOf('Reveal in Library'), 0, 'Like');
    // The controls; Up Next (the queue, recentlyPlayed.test.ts) follows them once it is read.
    const upNextAt = pick.items.findIndex((item) => item.separator === 'Up Next');
    assert.deepEqual(pick.items.slice(0, upNextAt < 0 ? undefined : upNextAt).map((item) => item.label), expected);
    await workbench.pick('Reveal in Library');
    await reveal;
    await waitFor(() => api.treeView.selection[0]?.id === row.id, 'the playing song selected in the tree', 5_000);

    const next = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    await workbench.waitForQuickInput((shown) => shown.title.startsWith(row.track.name), 'the quick pick again');
    await workbench.pick('Next');
    await next;
    const { playback } = await player.get();
    assert.notEqual(playback.itemUri, `spotify:track:${row.track.id}`, 'the next song plays');
    assert.equal(playback.contextUri, `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`);
  });

  it('Reveal in Library of a song another device plays from a playlist not opened here reads that playlist on until the song shows; where Spotify will not show the playlist, it says why and offers Open in Spotify', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    // The phone starts the 120-entry playlist and skips past its first page.
    await player.remote('play', `spotify:playlist:${FIXTURE_PLAYLISTS.owned120}`);
    for (let skipped = 0; skipped < 60; skipped++) await player.remote('next');
    const playingUri = (await player.get()).playback.itemUri!;
    const reveal = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    await workbench.waitForQuickInput((shown) => shown.items.some((item) => item.label === 'Reveal in Library'), 'the now-playing quick pick');
    await workbench.pick('Reveal in Library');
    await reveal;
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    await waitFor(() => api.treeView.selection[0]?.parent?.id === playlist.id && (api.treeView.selection[0] as TrackRow).link()?.uri === playingUri, 'the playing song selected in its playlist', 10_000);
    const { rows } = await rowsOf(api, playlist);
    assert.ok(rows.findIndex((row) => row.link()?.uri === playingUri) >= 50, 'a song past the first page: the playlist was read on for it');

    // A playlist of someone else's: Spotify lists it but will not give its entries (403).
    await player.remote('play', `spotify:playlist:${FIXTURE_PLAYLISTS.followed}`);
    const again = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    await workbench.waitForQuickInput((shown) => shown.items.some((item) => item.label === 'Reveal in Library'), 'the now-playing quick pick');
    await workbench.pick('Reveal in Library');
    const [warning] = await workbench.notifications('Could not show', 10_000);
    assert.match(warning.message, /only playlists you own or collaborate on/, 'says why');
    assert.deepEqual(warning.buttons, ['Open in Spotify'], 'no Retry that cannot help: the playlist opens in Spotify');
    await workbench.clickNotificationButton('Could not show', 'Open in Spotify');
    await again;
    await waitForBrowserOpen((url) => url === `https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.followed}`);
  });

  it('a liked song plays in the collection; where Spotify refuses the collection, the song and the loaded ones after it play by uri', async () => {
    await signInWith(api, PLAYBACK_SCOPES);
    const { rows } = await rowsOf(api, api.tree.likedSongs);
    const row = rows.slice(3).find((candidate) => candidate.track.kind === 'track' && candidate.track.playable !== false)!;
    const uri = `spotify:track:${row.track.id}`;
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.play', row);
    assert.deepEqual((await player.get()).playback.contextUri, 'spotify:user:fakeuser:collection');
    assert.equal((await player.get()).playback.itemUri, uri);

    await player.configure({ refuseCollectionContext: true });
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.play', row);
    const puts = (await requestsTo('/v1/me/player/play')).filter((entry) => entry.method === 'PUT');
    assert.deepEqual(puts.map((entry) => entry.status), [400, 204]);
    const after = rows.slice(rows.indexOf(row)).filter((r) => r.track.kind === 'track' && r.track.playable !== false).map((r) => `spotify:track:${r.track.id}`);
    assert.deepEqual(puts[1].body, { uris: after });
    const { playback } = await player.get();
    assert.equal(playback.itemUri, uri);
    assert.equal(playback.contextUri, null);
  });

  it('no active device: the user picks one of their devices, and it plays there', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    await player.configure({ devices: 'severalInactive' });
    const row = await playlistEntry(api, 2);
    const playing = vscode.commands.executeCommand('spotifyLibrary.play', row);
    const pick = await workbench.waitForQuickInput((shown) => shown.title === 'Choose a Spotify Device', 'listing the devices');
    assert.deepEqual(pick.items.map((item) => item.label), ['Fake Desktop', 'Fake Phone', 'Kitchen Speaker']);
    await workbench.pick('Fake Phone');
    await playing;
    const state = await player.get();
    assert.equal(state.devices.find((d) => d.is_active)?.name, 'Fake Phone');
    assert.equal(state.playback.itemUri, `spotify:track:${row.track.id}`);
    const puts = (await requestsTo('/v1/me/player/play')).filter((entry) => entry.method === 'PUT');
    assert.deepEqual(puts.map((entry) => [entry.status, entry.query.device_id ?? null]), [[404, null], [204, state.devices.find((d) => d.name === 'Fake Phone')!.id]]);
  });

  it('no device at all: Open Spotify, and it plays once a device appears', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    await player.configure({ devices: 'none' });
    const row = await playlistEntry(api, 1);
    await fake.clearBrowserOpens();
    const playing = vscode.commands.executeCommand('spotifyLibrary.play', row);
    // As a user does: the button of the notification, as soon as it is there.
    await workbench.clickNotificationButton('No Spotify device is on', 'Open Spotify');
    await waitForBrowserOpen((url) => url === 'https://open.spotify.com/');
    await player.configure({ devices: 'oneInactive' }); // the web player loads and shows up as a device
    await playing;
    assert.equal((await player.get()).playback.itemUri, `spotify:track:${row.track.id}`);
  });

  it('an account without Premium: says playback needs Premium, offers Open in Spotify; nobody is signed out', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    await player.configure({ premium: false });
    const signOuts: unknown[] = [];
    const listener = api.auth.onDidSignOut((event) => signOuts.push(event));
    try {
      const row = await playlistEntry(api);
      await fake.clearBrowserOpens();
      const playing = vscode.commands.executeCommand('spotifyLibrary.play', row);
      const shown = await workbench.notifications('needs Spotify Premium');
      const message = shown.find((n) => n.message.includes('needs Spotify Premium'));
      assert.equal(message?.severity, 'warning');
      assert.deepEqual(message?.buttons, ['Open in Spotify']);
      await workbench.clickNotificationButton('needs Spotify Premium', 'Open in Spotify');
      await playing;
      await waitForBrowserOpen((url) => url === `https://open.spotify.com/track/${row.track.id}`);
      assert.equal((await player.get()).playback.itemUri, null, 'nothing plays');
      assert.ok(await api.auth.currentSession(), 'still signed in');
      assert.deepEqual(signOuts, []);
    } finally {
      listener.dispose();
    }
  });

  it('a session without the playback permissions: Play asks through Grant Access first, sends nothing until granted; reading keeps working', async () => {
    await signInWith(api, SPOTIFY_SCOPES);
    const row = await playlistEntry(api);
    await fake.clearLog();
    await declineGrantAccess(() => vscode.commands.executeCommand('spotifyLibrary.play', row), /^Playing music needs permission to control playback on your devices\. You stay signed in\.$/);
    assert.deepEqual(await requestsTo('/v1/me/player'), [], 'no player request without the permission');
    assert.ok(await api.auth.currentSession(), 'still signed in');

    // What Allow leads to: the same session with the playback scopes; then Play plays.
    await api.auth.createSession([...PLAYBACK_SCOPES]);
    await api.whenSessionSynced();
    await vscode.commands.executeCommand('spotifyLibrary.play', row);
    assert.equal((await player.get()).playback.itemUri, `spotify:track:${row.track.id}`);
    assert.equal((await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.owned120))).rows.length, 50, 'the library stayed');
  });

  it('the status bar shows what plays and follows a change made elsewhere within one poll; no reads with the setting off or the window unfocused', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    const row = await playlistEntry(api, 7);
    await vscode.commands.executeCommand('spotifyLibrary.play', row);
    await waitFor(async () => (await nowPlayingEntry())?.text.includes(row.track.name) ?? false, 'the status bar to show the song', 5_000);
    assert.ok((await nowPlayingEntry())?.text.includes(row.track.byline.split(', ')[0]), 'with its artist');

    // The phone skips: the next read (within one poll interval) shows the next song, after one read.
    await fake.clearLog();
    await player.remote('next');
    const next = (await player.get()).playback.itemUri!;
    const nextName = (await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.owned120))).rows.find((r) => `spotify:track:${r.track.id}` === next)!.track.name;
    await waitFor(async () => (await nowPlayingEntry())?.text.includes(nextName) ?? false, 'the status bar to follow the skip', PLAYING_POLL_MS + 3_000);
    const reads = (await requestsTo('/v1/me/player')).filter((entry) => entry.method === 'GET');
    assert.equal(reads.length, 1, 'one read showed it');

    // Unfocused: no read for longer than a poll interval; focus again: one read at once.
    await workbench.windowFocus(false);
    await waitFor(() => !vscode.window.state.focused, 'the window to lose focus', 5_000);
    await fake.clearLog();
    await new Promise((resolve) => setTimeout(resolve, PLAYING_POLL_MS + 2_000));
    assert.deepEqual(await requestsTo('/v1/me/player'), [], 'no read while unfocused');
    await workbench.windowFocus(true);
    await waitFor(async () => (await requestsTo('/v1/me/player')).length === 1, 'one read on focus', 5_000);

    // The setting off: the status bar goes, and no read for longer than a poll interval.
    await vscode.workspace.getConfiguration('spotifyLibrary').update('nowPlaying.enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor(async () => !(await nowPlayingEntry()), 'the status bar entry to go', 5_000);
    await fake.clearLog();
    await new Promise((resolve) => setTimeout(resolve, PLAYING_POLL_MS + 2_000));
    assert.deepEqual(await requestsTo('/v1/me/player'), [], 'no read with the setting off');
  });

  it('a token refresh is no reason to read the player: nothing plays, the token is refreshed, no /me/player read follows (issue 20.16)', async function () {
    if (!ui) this.skip();
    await fake.clearLog();
    await signInWith(api, PLAYBACK_SCOPES);
    // The sign-in is a reason: one read, which learns that nothing plays; then the player is idle.
    await waitFor(async () => (await requestsTo('/v1/me/player')).length === 1, 'the read after sign-in', 5_000);
    assert.equal((await player.get()).playback.itemUri, null, 'nothing plays');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fake.clearLog();
    const [session] = await api.auth.getSessions();
    await control('/__fake/tokens/expire', {});
    const before = await control<{ refreshRequests: number }>('/__fake/stats');
    await api.auth.refreshAfterRejection(session.accessToken);
    assert.equal((await control<{ refreshRequests: number }>('/__fake/stats')).refreshRequests - before.refreshRequests, 1, 'the token was refreshed');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.deepEqual(await requestsTo('/v1/me/player'), [], 'no player read after the refresh');
  });

  it('nothing plays, nothing is read: 70 s idle with the window focused cost no read; losing and regaining focus once costs one (issue 20.1)', async function () {
    if (!ui) this.skip();
    this.timeout(150_000);
    await fake.clearLog();
    await signInWith(api, PLAYBACK_SCOPES);
    await waitFor(async () => (await requestsTo('/v1/me/player')).length === 1, 'the read after sign-in', 5_000);
    await fake.clearLog();
    // Longer than VS Code takes to call an untouched window inactive, and than the slow poll.
    await new Promise((resolve) => setTimeout(resolve, 70_000));
    assert.deepEqual(await requestsTo('/v1/me/player'), [], 'no read while idle and focused');

    await workbench.windowFocus(false);
    await waitFor(() => !vscode.window.state.focused, 'the window to lose focus', 5_000);
    await workbench.windowFocus(true);
    await waitFor(() => vscode.window.state.focused, 'the window to regain focus', 5_000);
    await waitFor(async () => (await requestsTo('/v1/me/player')).length === 1, 'one read on focus', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal((await requestsTo('/v1/me/player')).length, 1, 'and only one');
  });
});
