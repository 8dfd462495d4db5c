// The rows of the Library as every user meets them, in the real extension host against the fake
// Spotify: what a screen reader says for each kind of row, Ctrl/Cmd+C, notices that fit the
// sidebar with only the actions that make sense, and covers from the lists' own images.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { EDGE_CASES, FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { fake, fakeUrl, readFakeApi, requestsTo, waitForBrowserOpen } from './support/fake';
import { SECTIONS_READ_SCOPES } from './support/fakeSections';
import { clearLibraryCache, libraryApi, repoRoot, signIn, signInFresh, signOut } from './support/session';
import { childrenOf, itemMenuEntries, itemOf, labelOf, type LibraryNode, playlistRow, reveal, rowsOf, runItemMenuCommand, themeIconId, tooltipOf, VIEW_CONTAINER_COMMAND, COLLAPSE_ALL_COMMAND, waitFor } from './support/tree';
import { workbenchUiAvailable } from './support/workbench';

/** What fits the default sidebar width beside an icon and the indentation of a list's child. */
const SIDEBAR_LABEL_CHARS = 25;

type Json = Record<string, unknown>;

function root(api: LibraryExtensionApi, section: string): LibraryNode {
  return (api.tree as unknown as { roots: Record<string, LibraryNode> }).roots[section];
}

/** A row's screen-reader label: it must exist, keep the tree item role, start with what the row shows and name the kind. */
function assertSpoken(api: LibraryExtensionApi, node: LibraryNode, kindWord: string, states: string[] = []): string {
  const item = itemOf(api, node);
  const info = item.accessibilityInformation;
  assert.ok(info, `${labelOf(item)} (${item.contextValue}) has accessibility information`);
  assert.equal(info.role, 'treeitem', `${labelOf(item)}: a tree item`);
  assert.ok(info.label.startsWith(labelOf(item).replace(/\s+/g, ' ').trim()), `"${info.label}" starts with the row's label "${labelOf(item)}"`);
  const words = info.label.split(', ');
  assert.ok(words.includes(kindWord), `"${info.label}" says it is a ${kindWord} (${item.contextValue})`);
  for (const state of states) assert.ok(words.includes(state), `"${info.label}" says ${state}`);
  return info.label;
}

describe('Library rows (real VS Code, fake Spotify)', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  after(async () => {
    if (!fakeUrl) return;
    await vscode.workspace.getConfiguration('spotifyLibrary').update('showArtwork', undefined, vscode.ConfigurationTarget.Global);
    await signOut(api);
    await fake.reset();
  });

  it('gives every kind of row a screen-reader label that says what it is and its state', async () => {
    await signInFresh(api);
    // Loading, said on the list's row while its first page is on the way.
    await fake.configure({ latencyMs: 400 });
    const loadingPlaylists = childrenOf(api, api.tree.playlists);
    await waitFor(() => api.model.playlists.isLoading, 'the playlists start loading');
    assertSpoken(api, api.tree.playlists, 'library section', ['loading']);
    await loadingPlaylists;
    await fake.configure({ latencyMs: 0 });
    assert.ok(!assertSpoken(api, api.tree.playlists, 'library section').includes('loading'), 'loaded: no longer said to be loading');
    assert.match(assertSpoken(api, api.tree.playlists, 'library section'), new RegExp(`, ${30 + Object.keys(FIXTURE_PLAYLISTS).length} playlists$`));

    for (const section of ['liked', 'playlists', 'albums', 'artists', 'shows', 'episodes']) assertSpoken(api, root(api, section), 'library section');

    const liked = await rowsOf(api, api.tree.likedSongs);
    assertSpoken(api, liked.rows[0], 'song');
    assertSpoken(api, liked.tailNode!, 'load more');
    assert.match(assertSpoken(api, api.tree.likedSongs, 'library section'), /, 2,000 songs$/);

    assertSpoken(api, await playlistRow(api, FIXTURE_PLAYLISTS.owned120), 'playlist');
    assertSpoken(api, await playlistRow(api, FIXTURE_PLAYLISTS.collaborative), 'playlist', ['collaborative']);

    const edge = await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.edgeCases));
    assertSpoken(api, edge.rows[EDGE_CASES.local], 'local file');
    assertSpoken(api, edge.rows[EDGE_CASES.nullEntry], 'removed item');
    assertSpoken(api, edge.rows[EDGE_CASES.episode], 'episode');
    assertSpoken(api, edge.rows[EDGE_CASES.unavailable], 'song', ['unavailable']);

    const [followedNotice] = await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.followed));
    // The whole sentence is spoken: a screen reader has no tooltip.
    assert.match(assertSpoken(api, followedNotice, 'notice'), /only the playlists you own or collaborate on/);

    await fake.setFaults({ malformedJson: { count: 1, pathPrefix: `/v1/playlists/${FIXTURE_PLAYLISTS.empty}/items` } });
    const [errorRow] = await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.empty));
    await fake.clearFaults();
    assertSpoken(api, errorRow, 'error');

    // This session may not read followed artists: the permission row.
    const [permission] = await childrenOf(api, root(api, 'artists'));
    assertSpoken(api, permission, 'permission');

    const album = (await childrenOf(api, root(api, 'albums'))).find((node) => 'album' in node)!;
    assertSpoken(api, album, 'album');
    const albumChildren = await childrenOf(api, album);
    assertSpoken(api, albumChildren[0], 'song');

    const shows = (await childrenOf(api, root(api, 'shows'))).filter((node) => 'show' in node);
    assertSpoken(api, shows[0], 'podcast');
    const showChildren = await childrenOf(api, shows[0]);
    assertSpoken(api, showChildren[0], 'permission'); // resume points need a permission this session lacks
    assertSpoken(api, showChildren.find((node) => 'track' in node)!, 'episode');

    // With every section's permissions: the artists themselves.
    await signOut(api);
    await fake.configure({ autoApprove: true });
    await api.auth.createSession(SECTIONS_READ_SCOPES.split(' '));
    await api.whenSessionSynced();
    const artists = (await childrenOf(api, root(api, 'artists'))).filter((node) => 'artist' in node);
    assertSpoken(api, artists[0], 'artist');
  });

  it('Ctrl/Cmd+C on a focused row copies its link: the keybinding runs Copy Link on the selection', async () => {
    await signInFresh(api);
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    try {
      const { rows } = await rowsOf(api, api.tree.likedSongs);
      await reveal(api, api.tree.likedSongs, { expand: true });
      await reveal(api, rows[2], { select: true, focus: true });
      await waitFor(() => api.treeView.selection.length === 1 && api.treeView.selection[0].id === rows[2].id, 'the row is selected');
      const expected = rows[2].link()!.url;

      // As the keybinding runs it: no arguments; the tree's selection is meant.
      await vscode.env.clipboard.writeText('before');
      await vscode.commands.executeCommand('spotifyLibrary.copyLink');
      assert.equal(await vscode.env.clipboard.readText(), expected);

      const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { keybindings: Array<{ command: string; key: string; mac?: string; when?: string }> } };
      const binding = manifest.contributes.keybindings.find((entry) => entry.command === 'spotifyLibrary.copyLink');
      assert.deepEqual(binding, { command: 'spotifyLibrary.copyLink', key: 'ctrl+c', mac: 'cmd+c', when: 'focusedView == spotifyLibrary.library && !inputFocus' });

      // The real key on a row clicked in a fresh workbench: the UI stage (uiScenarios.ts). Here a
      // workbench that earlier suites sent to spotify: links no longer dispatches keybindings.

      // A notice is a message: nothing to copy.
      const followed = await playlistRow(api, FIXTURE_PLAYLISTS.followed);
      const [notice] = await childrenOf(api, followed);
      await reveal(api, notice, { select: true, focus: true });
      await waitFor(() => api.treeView.selection[0]?.id === notice.id, 'the notice is selected');
      await vscode.env.clipboard.writeText('before');
      await vscode.commands.executeCommand('spotifyLibrary.copyLink');
      assert.equal(await vscode.env.clipboard.readText(), 'before');
    } finally {
      await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    }
  });

  it('notices fit the default sidebar, say it all in their tooltip, and offer only Open in Spotify', async () => {
    await signInFresh(api);
    const followed = await playlistRow(api, FIXTURE_PLAYLISTS.followed);
    const notices: Array<[string, LibraryNode]> = [
      ['a followed playlist', (await childrenOf(api, followed))[0]],
      ['Spotify\'s own playlist', (await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.spotifyOwned)))[0]],
      ['an empty playlist', (await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.empty)))[0]],
      ['a missing permission', (await childrenOf(api, root(api, 'artists')))[0]],
      ['resume points', (await childrenOf(api, root(api, 'episodes')))[0]],
    ];
    for (const [what, node] of notices) {
      const item = itemOf(api, node);
      assert.ok(labelOf(item).length <= SIDEBAR_LABEL_CHARS, `${what}: "${labelOf(item)}" fits the sidebar`);
      assert.ok(tooltipOf(item).length >= labelOf(item).length, `${what}: the tooltip says at least as much`);
      for (const where of ['inline', 'context'] as const) {
        const commands = itemMenuEntries(item.contextValue ?? '', where).map((entry) => entry.command);
        assert.ok(!commands.some((command) => /copy|insertLink/i.test(command)), `${what}: no Copy on a message (${where}: ${commands.join(', ')})`);
      }
    }

    const followedNotice = itemOf(api, notices[0][1]);
    assert.equal(labelOf(followedNotice), 'Tracks hidden by Spotify');
    assert.match(tooltipOf(followedNotice), /no longer shows apps the tracks of playlists you follow/);
    assert.equal(themeIconId(followedNotice), 'link-external', 'the icon says a click opens it elsewhere');
    assert.deepEqual(itemMenuEntries(followedNotice.contextValue!, 'inline').map((entry) => entry.command), ['spotifyLibrary.openInSpotify']);
    assert.deepEqual(itemMenuEntries(followedNotice.contextValue!, 'context').map((entry) => entry.command), ['spotifyLibrary.openInSpotify']);
    assert.equal(themeIconId(itemOf(api, notices[2][1])), 'info', 'a notice that opens nothing');
    assert.deepEqual(itemMenuEntries(itemOf(api, notices[2][1]).contextValue!, 'inline'), [], 'an empty playlist\'s notice has no buttons');

    // Its inline button, with the node the menu passes: the playlist opens in Spotify.
    await runItemMenuCommand(api, notices[0][1], 'inline', 'spotifyLibrary.openInSpotify');
    await waitForBrowserOpen((url) => url === `https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.followed}`);
  });

  it('gives each row an icon that says what a click does: a song is no Play button', async () => {
    await signInFresh(api);
    const liked = await rowsOf(api, api.tree.likedSongs);
    const song = itemOf(api, liked.rows[0]);
    // A Play look only where the click plays (the click's command is the row's own business).
    const clickPlays = /play/i.test(song.command?.command ?? '');
    assert.equal(themeIconId(song), 'music', 'a neutral note, not play-circle');
    assert.ok(clickPlays || themeIconId(song) !== 'play-circle');
    const pager = itemOf(api, liked.tailNode!);
    assert.equal(pager.command?.command, 'spotifyLibrary.loadMore');
    assert.equal(themeIconId(pager), 'fold-down');
    const notice = itemOf(api, (await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.followed)))[0]);
    assert.equal(notice.command?.command, 'spotifyLibrary.openInSpotify');
    assert.equal(themeIconId(notice), 'link-external');
    const edge = await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.edgeCases));
    for (const position of [EDGE_CASES.local, EDGE_CASES.nullEntry, EDGE_CASES.unavailable, EDGE_CASES.episode]) {
      const row = itemOf(api, edge.rows[position]);
      assert.notEqual(themeIconId(row), 'play-circle', `${labelOf(row)}: no Play look`);
    }
  });

  it('shows each playlist\'s smallest cover from the list itself, codicons with the setting off, and asks the API nothing more', async () => {
    // A library of its own: covers this run's browser has not cached yet.
    await signOut(api);
    await clearLibraryCache();
    await fake.reset({ seed: 100 + (Date.now() % 100_000) });
    const listed = await readFakeApi<{ items: Json[] }>('/me/playlists?limit=50');
    await signIn(api);
    await fake.clearLog();

    const byId = new Map(listed.items.map((playlist) => [String(playlist.id), playlist]));
    const smallest = (id: string) => {
      const images = (byId.get(id)?.images ?? null) as Array<{ url: string; height: number | null; width: number | null }> | null;
      assert.ok(images === null || Array.isArray(images), 'Spotify\'s images shape: an array or null');
      return images;
    };
    assert.deepEqual(smallest(FIXTURE_PLAYLISTS.owned120)!.map((image) => image.width), [640, 300, 60], 'a mosaic in three sizes');
    assert.equal(smallest(FIXTURE_PLAYLISTS.empty), null, 'no cover at all');

    const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const ownedIcon = itemOf(api, owned).iconPath;
    assert.ok(ownedIcon instanceof vscode.Uri, `a cover, not a codicon (${JSON.stringify(ownedIcon)})`);
    assert.equal(ownedIcon.toString(true), smallest(FIXTURE_PLAYLISTS.owned120)!.find((image) => image.width === 60)!.url, 'the 60 px one');
    const collaborativeIcon = itemOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.collaborative)).iconPath;
    assert.ok(collaborativeIcon instanceof vscode.Uri);
    assert.equal(themeIconId(itemOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.empty))), 'list-unordered', 'no cover: the codicon');

    if (await workbenchUiAvailable()) {
      // The workbench really draws them: the browser fetches the covers from the (stand-in) CDN.
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      try {
        await reveal(api, api.tree.playlists, { expand: true });
        const coverPath = new URL(ownedIcon.toString(true)).pathname;
        await waitFor(async () => (await requestsTo('/image-cdn/')).some((entry) => entry.path.endsWith(coverPath) && entry.status === 200), 'the browser loads the playlist\'s cover');
      } finally {
        await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
      }
    }

    await vscode.workspace.getConfiguration('spotifyLibrary').update('showArtwork', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => themeIconId(itemOf(api, owned)) === 'list-unordered', 'the setting off: codicons');
      assert.equal(themeIconId(itemOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.collaborative))), 'organization');
    } finally {
      await vscode.workspace.getConfiguration('spotifyLibrary').update('showArtwork', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(itemOf(api, owned).iconPath instanceof vscode.Uri, 'back on: covers again');

    // Covers cost the API nothing: the one page of playlists is all it was asked about playlists (the
    // other sections' first pages are their counts, learnt while their collapsed rows are drawn).
    const apiRequests = (await fake.log()).filter((entry) => entry.path.startsWith('/v1/'));
    const sectionPages = new Set(['/v1/me/tracks', '/v1/me/albums', '/v1/me/following', '/v1/me/shows', '/v1/me/episodes']);
    assert.deepEqual(apiRequests.map((entry) => entry.path).filter((path) => !sectionPages.has(path)), ['/v1/me/playlists']);
  });

  it('covers albums and podcasts from their own lists too, and keeps them in the cache', async () => {
    await signOut(api);
    await clearLibraryCache();
    await fake.reset();
    await fake.configure({ autoApprove: true });
    await api.auth.createSession(SECTIONS_READ_SCOPES.split(' '));
    await api.whenSessionSynced();
    const album = (await childrenOf(api, root(api, 'albums'))).find((node) => 'album' in node)!;
    const show = (await childrenOf(api, root(api, 'shows'))).find((node) => 'show' in node)!;
    const covers = new Map<string, string>();
    for (const [what, node] of [['an album', album], ['a podcast', show]] as const) {
      const icon = itemOf(api, node).iconPath;
      assert.ok(icon instanceof vscode.Uri && icon.scheme === 'https', `${what}: its cover (${JSON.stringify(icon)})`);
      assert.match(icon.toString(true), /^https:\/\/i\.scdn\.co\/image\/(ab67616d00004851|ab6765630000f68d)/, `${what}: the 64 px one`);
      covers.set(what, icon.toString(true));
    }

    // A restart: the rows come from the cache, covers included, before Spotify answers anything.
    await api.model.save();
    api.model.reset();
    await fake.configure({ latencyMs: 1500 });
    await fake.clearLog();
    await api.whenSessionSynced();
    const cachedAlbum = (await childrenOf(api, root(api, 'albums'))).find((node) => 'album' in node)!;
    const cachedShow = (await childrenOf(api, root(api, 'shows'))).find((node) => 'show' in node)!;
    assert.equal((await requestsTo('/v1/me/albums')).length + (await requestsTo('/v1/me/shows')).length, 0, 'shown from the cache');
    assert.equal(String((itemOf(api, cachedAlbum).iconPath as vscode.Uri).toString(true)), covers.get('an album'));
    assert.equal(String((itemOf(api, cachedShow).iconPath as vscode.Uri).toString(true)), covers.get('a podcast'));
    await fake.configure({ latencyMs: 0 });
  });
});
