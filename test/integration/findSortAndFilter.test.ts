// Sort By... and Filter... in the real VS Code against the fake Spotify: the commands run from the
// list's menu with the node, the quick pick and input box answered through the harness, the rows
// read through the real provider.
// Named to run before library.test: after its "opens exactly the Spotify link" test (popups and a
// spotify: navigation of the workbench page), Enter and arrow keys sent by the harness no longer
// reach the quick input (bringToFront and closing the popups did not help; a harness issue to fix).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { fakeLikedPage, fakeUrl, fake } from './support/fake';
import { libraryApi, signInFresh, signOut } from './support/session';
import { itemOf, labelOf, playlistRow, rowsOf, runItemMenuCommand, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

describe('Sort By and Filter (real VS Code, fake Spotify)', function () {
  this.timeout(90_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl || !(await workbenchUiAvailable())) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signInFresh(api);
  });

  afterEach(async () => {
    await workbench.closeQuickInput();
    await vscode.commands.executeCommand('spotifyLibrary.clearFilter');
  });

  after(async () => {
    if (!fakeUrl || !api) return;
    await signOut(api);
    await fake.reset();
  });

  it('sorts a playlist by title after loading all of it, and says so in its description', async () => {
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    assert.equal((await rowsOf(api, playlist)).rows.length, 50, 'precondition: one page loaded');

    const sorting = runItemMenuCommand(api, playlist, 'context', 'spotifyLibrary.sortBy');
    await workbench.waitForQuickInput((shown) => shown.title === 'Sort Owned 120 By' && shown.items.some((item) => item.label === 'Title'), 'the Sort By quick pick');
    await workbench.pick('Title');
    await sorting;
    try {
      const { rows, tailNode } = await rowsOf(api, playlist);
      assert.equal(rows.length, 120, 'the whole list, loaded to sort it');
      assert.equal(tailNode, undefined);
      const names = rows.map((row) => labelOf(itemOf(api, row)));
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
      assert.deepEqual(names, [...names].sort(collator.compare));
      assert.match(String(itemOf(api, playlist).description), /sorted by title$/);
    } finally {
      // Orders outlive the test (globalState): put it back for the suites after this one.
      const back = runItemMenuCommand(api, playlist, 'context', 'spotifyLibrary.sortBy');
      await workbench.waitForQuickInput((shown) => shown.title === 'Sort Owned 120 By' && shown.items.some((item) => item.label === 'Custom order'), 'the Sort By quick pick');
      await workbench.pick('Custom order');
      await back;
    }
    assert.doesNotMatch(String(itemOf(api, playlist).description), /sorted/);
  });

  it('names the order in a section\'s tooltip: Spotify\'s, then the one picked, then Spotify\'s again (issue 20.9d)', async () => {
    const liked = api.tree.likedSongs;
    assert.equal(itemOf(api, liked).tooltip, 'Your Liked Songs, newest first');
    const sorting = runItemMenuCommand(api, liked, 'context', 'spotifyLibrary.sortBy');
    await workbench.waitForQuickInput((shown) => shown.title === 'Sort Liked Songs By' && shown.items.some((item) => item.label === 'Title'), 'the Sort By quick pick');
    await workbench.pick('Title');
    await sorting;
    try {
      assert.equal(itemOf(api, liked).tooltip, 'Your Liked Songs, sorted by title');
    } finally {
      const back = runItemMenuCommand(api, liked, 'context', 'spotifyLibrary.sortBy');
      await workbench.waitForQuickInput((shown) => shown.title === 'Sort Liked Songs By' && shown.items.some((item) => item.label === 'Recently added'), 'the Sort By quick pick');
      await workbench.pick('Recently added');
      await back;
    }
    assert.equal(itemOf(api, liked).tooltip, 'Your Liked Songs, newest first');
  });

  it('filters Liked Songs down to a match on a page never loaded, highlighted, with the filter in the view message', async () => {
    const [target] = await fakeLikedPage(1500, 1);
    const liked = api.tree.likedSongs;
    assert.equal((await rowsOf(api, liked)).rows.length, 50, 'precondition: one page loaded');

    const filtering = runItemMenuCommand(api, liked, 'context', 'spotifyLibrary.filter');
    await workbench.waitForQuickInput((shown) => shown.title === 'Filter Liked Songs', 'the Filter input box');
    await workbench.type(target.name, { accept: true });
    await filtering;

    await waitFor(async () => (await rowsOf(api, liked)).rows.some((row) => row.track.id === target.id), `${target.name} among the rows`);
    const { rows } = await rowsOf(api, liked);
    const words = target.name.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of rows) {
      const text = `${row.track.name} ${row.track.byline} ${row.track.album ?? ''}`.toLowerCase();
      assert.ok(words.every((word) => text.includes(word)), `${row.track.name} matches the filter`);
    }
    const label = itemOf(api, rows.find((row) => row.track.id === target.id)!).label as vscode.TreeItemLabel;
    assert.equal(label.label, target.name);
    assert.ok(label.highlights && label.highlights.length > 0, 'the words are highlighted');
    assert.match(api.treeView.message ?? '', /Showing matches for “.*” in Liked Songs/);

    await vscode.commands.executeCommand('spotifyLibrary.clearFilter');
    assert.equal(api.treeView.message, undefined);
    assert.equal((await rowsOf(api, liked)).rows.length, 2000);
  });
});
