// The README's pictures, taken in the real VS Code against the fake Spotify. Only `npm run
// screenshots` runs this file (test/integration/index.ts leaves it out otherwise), so `npm test`
// never rewrites docs/images.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { ACTION_SCOPES } from '../../src/common/sections';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { delay, fake, fakeUrl } from './support/fake';
import { libraryApi, repoRoot, signInFresh, signOut } from './support/session';
import { SECTION_FIXTURES, SECTIONS_READ_SCOPES } from './support/fakeSections';
import { childrenOf, COLLAPSE_ALL_COMMAND, itemOf, labelOf, type LibraryNode, playlistRow, reveal, rowsOf, VIEW_CONTAINER_COMMAND, waitFor } from './support/tree';

describe('README screenshots (real VS Code, fake Spotify)', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signInFresh(api);
  });

  after(async () => {
    if (!fakeUrl) return;
    await signOut(api);
    await fake.reset();
  });

  // The README's first picture: covers, liked songs marked, a song playing in the status bar and
  // links to songs in the Markdown being written, at the default sidebar width.
  it('shows the product at its best (screenshot docs/images/overview.png)', async () => {
    await signOut(api);
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, ...ACTION_SCOPES.playback, ...ACTION_SCOPES.saveToLibrary]);
    await api.whenSessionSynced();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the workbench has a folder');
    const note = vscode.Uri.joinPath(folder, 'focus-music.md');
    await vscode.workspace.fs.writeFile(note, Buffer.from('# Focus music\n\nFor the long review sessions:\n\n'));
    try {
      const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.collaborative);
      const { rows } = await rowsOf(api, playlist);
      const songs = rows.filter((row) => row.track.kind === 'track' && row.track.playable !== false).slice(0, 5);
      assert.equal(songs.length, 5, 'five playable songs');
      for (const song of [songs[1], songs[3]]) await vscode.commands.executeCommand('spotifyLibrary.like', song);

      const editor = await vscode.window.showTextDocument(note, { preview: false });
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('spotifyLibrary.insertLink', songs[0], songs.slice(0, 3));
      await editor.document.save();

      await vscode.commands.executeCommand('spotifyLibrary.play', songs[2]);
      await waitFor(() => api.nowPlaying.current?.item?.name === songs[2].track.name, 'the status bar to show the song playing', 10_000);

      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await reveal(api, api.tree.playlists, { expand: true });
      await reveal(api, playlist, { expand: true });
      // The likes drew the playlist's rows again: the rows as the tree shows them now.
      const shown = (await rowsOf(api, playlist)).rows;
      const rowOf = (song: (typeof songs)[number]) => shown.find((row) => row.id === song.id)!;
      await reveal(api, rowOf(songs[2]), { select: true, focus: true });
      assert.match(String(itemOf(api, rowOf(songs[1])).description), /^♥ /, 'a liked song is marked');
      await saveScreenshot('overview');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(note);
      await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    }
  });

  // Each collapses the tree again so later sign-ins load nothing by themselves.
  it('shows the expanded tree in the view (screenshot docs/images/library.png)', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    try {
      const { rows } = await rowsOf(api, api.tree.likedSongs);
      await childrenOf(api, api.tree.playlists);
      await reveal(api, api.tree.likedSongs, { expand: true });
      await reveal(api, rows[3], { select: true, focus: true });
      assert.equal(api.treeView.visible, true, 'the view is visible');
      assert.deepEqual(api.treeView.selection.map((node) => node.id), [rows[3].id]);
      await saveScreenshot('library');
    } finally {
      await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    }
  });

  it('shows playlists with the words Spotify\'s refusals get (screenshot docs/images/playlists.png)', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    try {
      const followed = await playlistRow(api, FIXTURE_PLAYLISTS.followed);
      const spotifyOwned = await playlistRow(api, FIXTURE_PLAYLISTS.spotifyOwned);
      const collaborative = await playlistRow(api, FIXTURE_PLAYLISTS.collaborative);
      await reveal(api, api.tree.playlists, { expand: true });
      for (const playlist of [collaborative, followed, spotifyOwned]) {
        await childrenOf(api, playlist);
        await reveal(api, playlist, { expand: true });
      }
      const [notice] = await childrenOf(api, followed);
      await reveal(api, notice, { select: true, focus: true });
      assert.equal(labelOf(itemOf(api, notice)), 'Tracks hidden by Spotify');
      await saveScreenshot('playlists');
    } finally {
      await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    }
  });

  it('shows Albums, Artists, Podcasts and Your Episodes (screenshot docs/images/sections.png)', async () => {
    // A session that has every section's scopes, so resume points show.
    await signOut(api);
    await fake.configure({ autoApprove: true });
    await api.auth.createSession(SECTIONS_READ_SCOPES.split(' '));
    await api.whenSessionSynced();
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    try {
      const roots = (api.tree as unknown as { roots: Record<string, LibraryNode> }).roots;
      const albums = await childrenOf(api, roots.albums);
      const album = albums.find((node) => ((node as unknown as { album: { totalTracks?: number } }).album?.totalTracks ?? 99) <= 8) ?? albums[0];
      await childrenOf(api, album);
      const shows = await childrenOf(api, roots.shows);
      const show = shows.find((node) => (node as unknown as { show: { id: string } }).show?.id === SECTION_FIXTURES.bigShow)!;
      const episodes = await childrenOf(api, show);
      await childrenOf(api, roots.artists);
      await reveal(api, roots.albums, { expand: true });
      await reveal(api, album, { expand: true });
      await reveal(api, roots.shows, { expand: true });
      await reveal(api, show, { expand: true });
      await reveal(api, episodes[2], { select: true, focus: true });
      assert.match(String(itemOf(api, episodes[2]).description), /min left$/);
      await saveScreenshot('sections');
    } finally {
      await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    }
  });
});

/** Lets the workbench paint, has the harness save docs/images/<name>.png, and checks it is a real picture of this run. */
async function saveScreenshot(name: string): Promise<void> {
  const screenshot = path.join(repoRoot, 'docs', 'images', `${name}.png`);
  const startedAt = Date.now();
  await delay(1000);
  const { path: saved } = await fake.screenshot(name);
  assert.equal(path.resolve(saved), screenshot);
  const stat = fs.statSync(screenshot);
  assert.ok(stat.mtimeMs >= startedAt - 1000, 'written by this run');
  assert.ok(stat.size > 20_000, `a real picture, not an empty page (${stat.size} bytes)`);
}
