// Recently Played and Up Next, in the real extension host against the fake Spotify over HTTP:
// the section shown through the sections setting, its requests counted in the fake's log (one to
// load, one `after=` Refresh that brings a play "from the phone" on top, none while collapsed or
// hidden), the grant-access row without the scope, and the queue in the now-playing quick pick
// after Add to Queue.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { ACTION_SCOPES, RECENTLY_PLAYED_SCOPE } from '../../src/common/sections';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { control, delay, fake, fakeUrl, requestsTo } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { childrenOf, COLLAPSE_ALL_COMMAND, isTrackRow, itemOf, labelOf, type LibraryNode, playlistRow, reveal, rowsOf, tooltipOf, type TrackRow, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

const RECENT_PATH = '/v1/me/player/recently-played';
const RECENT_SCOPES = [...SPOTIFY_SCOPES, RECENTLY_PLAYED_SCOPE];
const PLAYBACK_SCOPES = [...RECENT_SCOPES, ...ACTION_SCOPES.playback];
/** Long enough for a stray request to show in the log; no assert is on how long anything took. */
const QUIET_MS = 1_500;

const played = {
  add: (uri: string) => control<{ played: Array<{ uri: string; playedAt: string }> }>('/__fake/player/played', { uri }),
  list: () => control<{ played: Array<{ uri: string; playedAt: string }> }>('/__fake/player/played'),
};

async function signInWith(api: LibraryExtensionApi, scopes: readonly string[]): Promise<void> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  await fake.configure({ autoApprove: true });
  await api.auth.createSession([...scopes]);
  await api.whenSessionSynced();
}

async function showSections(sections: string[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('spotifyLibrary').update('sections', sections, vscode.ConfigurationTarget.Global);
}

async function recentRoot(api: LibraryExtensionApi): Promise<LibraryNode | undefined> {
  return (await childrenOf(api)).find((node) => node.id === 'recentlyPlayed');
}

/** The section expanded as a user does (the tree reads its rows), then its rows once the first answer came. */
async function expandRecent(api: LibraryExtensionApi): Promise<{ node: LibraryNode; rows: TrackRow[] }> {
  const node = await recentRoot(api);
  assert.ok(node, 'Recently Played is a root');
  await vscode.commands.executeCommand('spotifyLibrary.library.focus');
  await reveal(api, node, { expand: true });
  await waitFor(async () => (await requestsTo(RECENT_PATH)).length > 0, 'the first read of the history');
  const rows = (await childrenOf(api, node)).filter(isTrackRow);
  return { node, rows };
}

describe('Recently Played and Up Next (real VS Code, fake Spotify)', function () {
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
    await showSections(undefined);
    if (ui) await workbench.closeQuickInput();
  });

  it('is hidden by default; shown through the sections setting it asks nothing until expanded, then once: the last 50, newest first, as song rows', async () => {
    await signInWith(api, RECENT_SCOPES);
    assert.equal(await recentRoot(api), undefined, 'not shown by default');
    await fake.clearLog();
    await showSections(['liked', 'playlists', 'recentlyPlayed']);
    await waitFor(async () => (await recentRoot(api)) !== undefined, 'the section shown');
    await delay(QUIET_MS);
    assert.equal((await requestsTo(RECENT_PATH)).length, 0, 'collapsed: no request');

    const { rows } = await expandRecent(api);
    const requests = await requestsTo(RECENT_PATH);
    assert.equal(requests.length, 1, 'one request to load');
    assert.equal(requests[0].query.limit, '50');
    assert.equal(requests[0].query.after, undefined);
    const history = (await played.list()).played;
    assert.deepEqual(rows.map((row) => `spotify:track:${row.track.id}`), history.slice(0, 50).map((play) => play.uri));
    // A song row like any other: the same context value (Play, Like, Add to Playlist, links), when it was played.
    const item = itemOf(api, rows[0]);
    assert.match(item.contextValue ?? '', /^spotifyLibrary:track:linked\b/);
    assert.match(String(item.description), /min\. ago|now/);
    assert.match(tooltipOf(item), /Played: /);
    // Never part of the library: not in the index, not among the model's sections.
    assert.ok(!api.model.shownSections.includes('recentlyPlayed' as never));
  });

  it('Refresh asks only for plays after the newest: one request with after=, the new play on top', async () => {
    await signInWith(api, RECENT_SCOPES);
    await showSections(['recentlyPlayed', 'liked']);
    await fake.clearLog();
    const { node, rows: before } = await expandRecent(api);
    const newest = Math.max(...(await played.list()).played.map((play) => Date.parse(play.playedAt)));

    // Unchanged: Refresh costs one small request.
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    let requests = await requestsTo(RECENT_PATH);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].query.after, String(newest));
    assert.equal(requests[0].query.limit, '50');

    // A song played on the phone shows on top after Refresh, with one request.
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const song = (await rowsOf(api, playlist)).rows.find((row) => row.track.kind === 'track' && row.track.playable !== false)!;
    await played.add(`spotify:track:${song.track.id}`);
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    requests = await requestsTo(RECENT_PATH);
    assert.equal(requests.length, 1, 'exactly one request');
    assert.equal(requests[0].query.after, String(newest));
    await waitFor(async () => (await childrenOf(api, node)).filter(isTrackRow)[0]?.track.id === song.track.id, 'the new play on top');
    const [top] = (await childrenOf(api, node)).filter(isTrackRow);
    assert.match(String(itemOf(api, top).description), /^(now|0 min\. ago)/);
    assert.equal(labelOf(itemOf(api, top)), song.track.name);
    assert.equal((await childrenOf(api, node)).filter(isTrackRow).length, Math.min(50, before.length + 1));
  });

  it('collapsed or hidden: no request, not even on Refresh; expanded again it asks once', async () => {
    await signInWith(api, RECENT_SCOPES);
    await showSections(['recentlyPlayed', 'liked']);
    await fake.clearLog();
    const { node } = await expandRecent(api);

    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await delay(QUIET_MS);
    assert.equal((await requestsTo(RECENT_PATH)).length, 0, 'collapsed: Refresh asks nothing');

    // The Refresh it missed: expanding asks once (plays after the newest).
    await reveal(api, node, { expand: true });
    await waitFor(async () => (await requestsTo(RECENT_PATH)).length === 1, 'one request on expanding again');
    assert.ok((await requestsTo(RECENT_PATH))[0].query.after, 'with the after cursor');

    // The view hidden (the sidebar closed): nothing, Refresh included.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor(() => !api.treeView.visible, 'the view hidden');
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await delay(QUIET_MS);
    assert.equal((await requestsTo(RECENT_PATH)).length, 0, 'hidden: no request');
    await vscode.commands.executeCommand('spotifyLibrary.library.focus');
    await waitFor(() => api.treeView.visible, 'the view shown again');
    // Shown again with a Refresh missed: one request, then quiet.
    await waitFor(async () => (await requestsTo(RECENT_PATH)).length === 1, 'one request when shown again');
    await delay(QUIET_MS);
    assert.equal((await requestsTo(RECENT_PATH)).length, 1, 'and no more');
  });

  it('without the permission: the grant-access row, and no request', async () => {
    await signInWith(api, SPOTIFY_SCOPES);
    await showSections(['recentlyPlayed', 'liked']);
    await fake.clearLog();
    const node = await recentRoot(api);
    assert.ok(node);
    await vscode.commands.executeCommand('spotifyLibrary.library.focus');
    await reveal(api, node, { expand: true });
    let children: LibraryNode[] = [];
    await waitFor(async () => (children = await childrenOf(api, node)).length > 0, 'a row under the section');
    assert.match(itemOf(api, children[0]).contextValue ?? '', /^spotifyLibrary:scope\b/);
    assert.match(tooltipOf(itemOf(api, children[0])), /user-read-recently-played/);
    assert.equal((await requestsTo(RECENT_PATH)).length, 0);
  });

  it('the now-playing pick shows Up Next from the queue, and the song added with Add to Queue while it is open', async function () {
    if (!ui) this.skip();
    await signInWith(api, PLAYBACK_SCOPES);
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const playable = (await rowsOf(api, playlist)).rows.filter((row) => row.track.kind === 'track' && row.track.playable !== false);
    const [first, queued] = [playable[2], playable[30]];
    await vscode.commands.executeCommand('spotifyLibrary.play', first);

    await fake.clearLog();
    const pickDone = vscode.commands.executeCommand('spotifyLibrary.nowPlaying');
    // The Up Next group comes last, after the player's controls (Choose Device... is the last of those).
    // Rows are read by label: the harness's separator texts can be stale from an earlier quick pick.
    const upNext = (shown: { items: Array<{ label: string; separator: string }> }) => {
      const controlsEnd = shown.items.findIndex((item) => item.label === 'Choose Device...');
      return controlsEnd < 0 ? [] : shown.items.slice(controlsEnd + 1);
    };
    const pick = await workbench.waitForQuickInput((shown) => shown.title.startsWith(first.track.name) && upNext(shown).length > 0, 'with Up Next');
    assert.equal((await requestsTo('/v1/me/player/queue')).filter((entry) => entry.method === 'GET').length, 1, 'the queue read once as the pick opens');
    assert.ok(upNext(pick).length <= 10);
    assert.ok(!upNext(pick).some((item) => item.label === queued.track.name));

    await vscode.commands.executeCommand('spotifyLibrary.addToQueue', queued);
    await workbench.waitForQuickInput((shown) => upNext(shown)[0]?.label === queued.track.name, 'the queued song first in Up Next');

    // Picking it plays that song (Spotify cannot jump within the queue).
    await workbench.pick(queued.track.name);
    await pickDone;
    const { playback } = await control<{ playback: { itemUri: string } }>('/__fake/player');
    assert.equal(playback.itemUri, `spotify:track:${queued.track.id}`);
  });
});
