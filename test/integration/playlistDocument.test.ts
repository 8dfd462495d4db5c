// Edit as Text in the real extension host against the fake Spotify: a playlist opened as a
// document from its context menu, edited with the editor's own means, and saved as the smallest
// set of Spotify calls; a change on Spotify between open and save merged, never written over; a
// save Spotify stops halfway continued by the next save; Undo Last Save; Liked Songs read-only.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import type { LibraryExtensionApi } from '../../src/extension';
import { parsePlaylistText } from '../../src/library/playlistText';
import { FIXTURE_PLAYLISTS, NEEDS_CLEANUP, NEEDS_CLEANUP_NAMES } from '../fake-spotify/fixtures';
import { control, fake, fakeLikedPage, fakeUrl, type LogEntry, readFakeApi } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { childrenOf, itemOf, playlistRow, reveal, rowsOf, runItemMenuCommand, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

const WRITE_SCOPES = ['user-library-modify', 'playlist-modify-private', 'playlist-modify-public', 'user-follow-modify'];
const PLAYLIST = FIXTURE_PLAYLISTS.owned120;
const ITEMS_PATH = `/v1/playlists/${PLAYLIST}/items`;

async function fakePlaylistUris(playlistId: string): Promise<string[]> {
  const uris: string[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await readFakeApi<{ items: Array<{ item: { uri: string } | null }>; total: number }>(`/playlists/${playlistId}/items?offset=${offset}&limit=50`);
    uris.push(...page.items.map((entry) => entry.item?.uri ?? ''));
    if (offset + 50 >= page.total) return uris;
  }
}

/** The document's entries as a save reads them. */
function entriesOf(document: vscode.TextDocument): string[] {
  return parsePlaylistText(document.getText()).uris;
}

/** The line of the document that holds the `index`th entry. */
function lineOfEntry(document: vscode.TextDocument, index: number): number {
  let seen = -1;
  for (let line = 0; line < document.lineCount; line++) {
    if (parsePlaylistText(document.lineAt(line).text).uris.length === 1 && ++seen === index) return line;
  }
  throw new Error(`no entry ${index}`);
}

async function editAsText(api: LibraryExtensionApi, playlistId: string): Promise<vscode.TextEditor> {
  const row = await playlistRow(api, playlistId);
  await runItemMenuCommand(api, row, 'context', 'spotifyLibrary.editAsText');
  await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'spotify-playlist', 'the playlist document is the active editor');
  return vscode.window.activeTextEditor!;
}

async function deleteEntryLines(editor: vscode.TextEditor, indexes: number[]): Promise<void> {
  const lines = indexes.map((index) => lineOfEntry(editor.document, index));
  await editor.edit((edit) => {
    for (const line of lines) edit.delete(editor.document.lineAt(line).rangeIncludingLineBreak);
  });
}

const writesTo = (log: LogEntry[], path: string) => log.filter((entry) => entry.method !== 'GET' && entry.path === path);

describe('Edit as Text: a playlist as a document, saved as its difference (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOut(api);
    await clearLibraryCache();
    await fake.reset();
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await api.whenSessionSynced();
  });

  afterEach(async () => {
    await fake.clearFaults();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await workbench.clearNotifications();
  });

  it('move a line, delete two, paste three links, save: Spotify holds the document, by one move, one add and one removal; the pasted lines get their titles', async () => {
    const original = await fakePlaylistUris(PLAYLIST);
    const editor = await editAsText(api, PLAYLIST);
    assert.deepEqual(entriesOf(editor.document), original, 'the document holds the playlist, one entry a line');
    assert.match(editor.document.getText(), /^# Owned 120\n/, 'its name on top');
    assert.equal(editor.document.languageId, 'spotify-playlist');

    // Two entries whose URI is in the playlist once, so a removal of them removes only them.
    const once = original.map((uri, index) => ({ uri, index })).filter(({ uri }) => original.indexOf(uri) === original.lastIndexOf(uri));
    const [gone1, gone2] = [once[40], once[70]];
    const moved = once[10];
    const pasted = (await fakeLikedPage(0, 50)).filter((track) => track.id && !original.includes(track.uri)).slice(0, 3);
    assert.equal(pasted.length, 3);

    // Alt+Down, as the editor moves a line: the 11th-unique entry one line down.
    editor.selection = new vscode.Selection(lineOfEntry(editor.document, moved.index), 0, lineOfEntry(editor.document, moved.index), 0);
    await vscode.commands.executeCommand('editor.action.moveLinesDownAction');
    await deleteEntryLines(editor, [gone2.index, gone1.index]);
    const pasteAt = lineOfEntry(editor.document, 99);
    await editor.edit((edit) =>
      edit.insert(new vscode.Position(pasteAt, 0), [`https://open.spotify.com/track/${pasted[0].id}?si=abc`, `spotify:track:${pasted[1].id}`, `- [${pasted[2].name}](https://open.spotify.com/intl-de/track/${pasted[2].id})`].join('\n') + '\n'),
    );
    // A line that looks like a link but names no entry: a warning on it, with a quick fix; the save ignores it.
    await editor.edit((edit) => edit.insert(new vscode.Position(lineOfEntry(editor.document, 0), 0), 'see https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC\n'));
    const badLine = lineOfEntry(editor.document, 0) - 1;
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).length === 1, 'a diagnostic for the album link');
    const [problem] = vscode.languages.getDiagnostics(editor.document.uri);
    assert.equal(problem.range.start.line, badLine);
    assert.match(problem.message, /An album cannot be a playlist entry/);
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, problem.range);
    assert.ok(fixes.some((fix) => fix.title === 'Make this line a comment'), 'the quick fix is offered');
    const expected = entriesOf(editor.document);
    assert.equal(expected.length, 121);
    await fake.clearLog();

    assert.ok(await editor.document.save(), 'saved');

    assert.deepEqual(await fakePlaylistUris(PLAYLIST), expected, 'Spotify holds what the document holds');
    const log = await fake.log();
    const writes = writesTo(log, ITEMS_PATH);
    assert.deepEqual(writes.map((entry) => entry.method), ['PUT', 'POST', 'DELETE'], 'one move, one add of the three, one removal of the two');
    assert.deepEqual((writes[1].body as { uris: string[] }).uris, pasted.map((track) => track.uri));
    assert.deepEqual((writes[2].body as { items: Array<{ uri: string }> }).items.map((item) => item.uri).sort(), [gone1.uri, gone2.uri].sort());
    assert.ok(!editor.document.isDirty);
    // The tree shows the saved playlist at once, with the count.
    const row = await playlistRow(api, PLAYLIST);
    assert.equal(itemOf(api, row).description, '121 tracks');
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', row);
    assert.deepEqual((await rowsOf(api, row)).rows.map((entry) => `spotify:${entry.track.kind}:${entry.track.id}`), expected, 'the tree in the document’s order');
    // The pasted lines read like the others once saved.
    await waitFor(() => editor.document.getText().includes(`${pasted[2].name} — `), 'the pasted Markdown link shows its title and artists');
    assert.ok(!editor.document.isDirty);

    // A save that changes no entry (a comment added) sends nothing, not even the snapshot check.
    await fake.clearLog();
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '# a note for myself\n'));
    assert.ok(await editor.document.save());
    assert.deepEqual((await fake.log()).filter((entry) => entry.path.startsWith('/v1/')), [], 'nothing sent');

    // The next refresh finds the playlist unchanged: the snapshot_id the save answered was kept.
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await api.whenSessionSynced();
    await waitFor(() => !api.model.entriesOf(api.model.playlistById(PLAYLIST)!).isRevalidating, 'the refresh is done');
    assert.deepEqual((await fake.log()).filter((entry) => entry.path === ITEMS_PATH), [], 'no entry downloaded again');
  });

  it('a collaborator’s change between open and save is never written over: the save stops to ask, and unanswered it writes nothing', async () => {
    // Under extension tests VS Code refuses every modal dialog, as if the user pressed Cancel; the
    // answered dialog (Save Merged) is a scenario of the second stage (test/host/uiScenarios.ts).
    const original = await fakePlaylistUris(PLAYLIST);
    const editor = await editAsText(api, PLAYLIST);
    await control(`/__fake/playlists/${PLAYLIST}/edit`, { remove: [original[0]] });
    const theirs = await fakePlaylistUris(PLAYLIST);
    await deleteEntryLines(editor, [10]);
    await fake.clearLog();

    assert.equal(await editor.document.save(), false, 'not saved');
    assert.deepEqual(writesTo(await fake.log(), ITEMS_PATH), [], 'nothing written');
    assert.deepEqual(await fakePlaylistUris(PLAYLIST), theirs, 'Spotify keeps the collaborator’s change');
    assert.ok(editor.document.isDirty, 'the edit is still there to save');
  });

  it('a 429 after the first of three calls leaves the document dirty; the next save completes it, nothing duplicated or lost', async () => {
    const original = await fakePlaylistUris(PLAYLIST);
    const editor = await editAsText(api, PLAYLIST);
    const once = original.map((uri, index) => ({ uri, index })).filter(({ uri }) => original.indexOf(uri) === original.lastIndexOf(uri));
    editor.selection = new vscode.Selection(lineOfEntry(editor.document, once[5].index), 0, lineOfEntry(editor.document, once[5].index), 0);
    await vscode.commands.executeCommand('editor.action.moveLinesDownAction');
    await deleteEntryLines(editor, [once[60].index]);
    const pasted = (await fakeLikedPage(0, 50)).filter((track) => track.id && !original.includes(track.uri)).slice(0, 2);
    await editor.edit((edit) => edit.insert(new vscode.Position(lineOfEntry(editor.document, 30), 0), pasted.map((track) => `${track.uri}\n`).join('')));
    const expected = entriesOf(editor.document);
    await fake.setFaults({ rateLimit: { after: 1, count: 4, retryAfterSeconds: 1, pathPrefix: ITEMS_PATH } });
    await fake.clearLog();

    assert.equal(await editor.document.save(), false, 'the save failed');
    assert.ok(editor.document.isDirty, 'the document keeps the edit');
    const firstLog = writesTo(await fake.log(), ITEMS_PATH);
    assert.equal(firstLog.filter((entry) => entry.status < 400).length, 1, `Spotify took the first call only: ${firstLog.map((entry) => `${entry.method} ${entry.status}`).join(', ')}`);
    await fake.clearFaults();
    await fake.clearLog();

    assert.ok(await editor.document.save(), 'the second save went through');
    assert.deepEqual(await fakePlaylistUris(PLAYLIST), expected, 'the playlist is the document: nothing twice, nothing lost');
    assert.deepEqual(writesTo(await fake.log(), ITEMS_PATH).map((entry) => entry.method), ['POST', 'DELETE'], 'only the rest was sent');
  });

  it('Undo Last Save puts the playlist back as it was, by the same diff in reverse', async () => {
    const original = await fakePlaylistUris(PLAYLIST);
    const editor = await editAsText(api, PLAYLIST);
    const unique = (index: number) => original.indexOf(original[index]) === original.lastIndexOf(original[index]);
    let first = 1;
    while (![first, first + 1, first + 2].every(unique)) first++;
    await deleteEntryLines(editor, [first + 2, first + 1, first]);
    assert.ok(await editor.document.save());
    assert.equal((await fakePlaylistUris(PLAYLIST)).length, original.length - 3);
    await fake.clearLog();

    await vscode.commands.executeCommand('spotifyLibrary.undoLastSave');

    await waitFor(async () => (await fakePlaylistUris(PLAYLIST)).length === original.length, 'the entries are back');
    assert.deepEqual(await fakePlaylistUris(PLAYLIST), original, 'each at its place');
    assert.deepEqual(writesTo(await fake.log(), ITEMS_PATH).map((entry) => entry.method), ['POST'], 'one add of the three');
    await waitFor(() => entriesOf(editor.document).length === original.length, 'the document shows it too');
  });

  it('Liked Songs open read-only: typing is refused, nothing can be saved', async () => {
    await childrenOf(api);
    await vscode.commands.executeCommand('spotifyLibrary.editAsText', { id: 'liked' });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'spotify-playlist', 'Liked Songs as a document');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(entriesOf(editor.document).length, api.model.liked.total);
    if (await workbenchUiAvailable()) {
      await vscode.window.showTextDocument(editor.document);
      await workbench.pressKeys('End', 'x', 'Enter');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(!editor.document.isDirty, 'typing changes nothing: the editor is read-only');
    }
    // An edit that gets in anyway (another extension's) cannot be saved.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# x\n'));
    await fake.clearLog();
    assert.equal(await editor.document.save(), false, 'the save is refused');
    assert.deepEqual((await fake.log()).filter((entry) => entry.method !== 'GET'), [], 'nothing written');
  });
});

describe('Playlist commands: Rename..., New Playlist from Selection (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signOut(api);
    await clearLibraryCache();
    await fake.reset();
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await api.whenSessionSynced();
  });

  afterEach(async () => {
    await fake.clearFaults();
    await workbench.closeQuickInput();
    await workbench.clearNotifications();
  });

  async function spotifyPlaylist(id: string): Promise<{ name: string; description: string | null; public: boolean; collaborative: boolean }> {
    return readFakeApi(`/playlists/${id}?fields=name,description,public,collaborative`);
  }

  it('Rename... from the context menu: the row shows the new name at once, and Spotify has it', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const row = await playlistRow(api, PLAYLIST);
    const renaming = runItemMenuCommand(api, row, 'context', 'spotifyLibrary.renamePlaylist');
    await workbench.waitForQuickInput((shown) => shown.value === 'Owned 120', 'the input box with the name');
    await workbench.type('Road Trip 2026', { accept: true });
    await renaming;
    assert.equal(api.model.playlistById(PLAYLIST)?.name, 'Road Trip 2026');
    assert.equal((await spotifyPlaylist(PLAYLIST)).name, 'Road Trip 2026');
  });

  it('a row dragged onto another row of its playlist moves there, before it: one move on Spotify', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const playlist = await playlistRow(api, PLAYLIST);
    await reveal(api, playlist, { expand: true, focus: true });
    const rows = (await rowsOf(api, playlist)).rows;
    const uris = rows.map((entry) => `spotify:${entry.track.kind}:${entry.track.id}`);
    // Rows whose name no other shown row contains, and whose URI is there once.
    const distinct = (index: number) => rows.slice(0, 40).filter((other) => other.track.name.includes(rows[index].track.name)).length === 1 && uris.indexOf(uris[index]) === uris.lastIndexOf(uris[index]);
    const [onto, dragged] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter(distinct).filter((index, position, all) => position === 0 || index - all[0] >= 3);
    assert.ok(onto !== undefined && dragged !== undefined, 'two rows to drag and drop on');
    const all = await fakePlaylistUris(PLAYLIST);
    assert.deepEqual(all.slice(0, uris.length), uris, 'the tree shows the first page as Spotify has it');
    await fake.clearLog();

    await workbench.dragTreeRowOntoRow(rows[dragged].track.name, rows[onto].track.name);

    const expected = [...all.slice(0, onto), all[dragged], ...all.slice(onto, dragged), ...all.slice(dragged + 1)];
    await waitFor(async () => (await fakePlaylistUris(PLAYLIST))[onto] === uris[dragged], 'the row moved on Spotify');
    assert.deepEqual(await fakePlaylistUris(PLAYLIST), expected);
    const writes = writesTo(await fake.log(), ITEMS_PATH);
    assert.deepEqual(writes.map((entry) => [entry.method, entry.body]), [['PUT', { range_start: dragged, insert_before: onto, range_length: 1, snapshot_id: (writes[0].body as { snapshot_id: string }).snapshot_id }]], 'one move');
    assert.deepEqual((await rowsOf(api, playlist)).rows.slice(0, 50).map((entry) => `spotify:${entry.track.kind}:${entry.track.id}`), expected.slice(0, 50), 'the tree shows it at once');
  });

  it('Load All on 5,000 entries over a slow Spotify: a notification counts them (“… of 5,000”), and Cancel stops (issue 20.9d)', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const big = await playlistRow(api, FIXTURE_PLAYLISTS.big5000);
    await childrenOf(api, big);
    const { latencyMs } = await fake.configure({});
    await fake.configure({ latencyMs: 400 });
    try {
      const loading = vscode.commands.executeCommand('spotifyLibrary.loadAll', big);
      const shown = await workbench.notifications('Loading “Big 5000”', 15_000);
      const notification = shown.find((n) => n.message.includes('Loading “Big 5000”'));
      assert.ok(notification?.buttons.includes('Cancel'), JSON.stringify(shown));
      await waitFor(async () => /of 5,000/.test((await workbench.notifications('Loading “Big 5000”')).find((n) => n.message.includes('Loading'))?.message ?? ''), 'the count so far');
      await workbench.clickNotificationButton('Loading “Big 5000”', 'Cancel');
      await loading;
      const entries = api.model.entriesOf(api.model.playlistById(FIXTURE_PLAYLISTS.big5000)!);
      assert.ok(entries.items.length < 5000, `stopped after ${entries.items.length} entries`);
      assert.equal(entries.isLoading, false, 'no page still loading');
    } finally {
      await fake.configure({ latencyMs });
    }
  });

  it('New Playlist from Selection: the selected rows, in the order shown, in a new private playlist on top', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const playlist = await playlistRow(api, PLAYLIST);
    const rows = (await rowsOf(api, playlist)).rows;
    const selected = [rows[7], rows[2], rows[30]];
    const creating = vscode.commands.executeCommand('spotifyLibrary.newPlaylistFromSelection', selected[0], selected);
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('New Playlist from 3 songs'), 'the name input');
    await workbench.type('Picked Three', { accept: true });
    await creating;
    const created = api.model.playlists.items[0];
    assert.equal(created.name, 'Picked Three');
    assert.deepEqual(await fakePlaylistUris(created.id), selected.map((row) => `spotify:${row.track.kind}:${row.track.id}`));
  });
});

describe('Clean Up... on a playlist: planted duplicates and a song that no longer plays (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signOut(api);
    await clearLibraryCache();
    await fake.reset();
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await api.whenSessionSynced();
  });

  afterEach(async () => {
    await workbench.closeQuickInput();
    await workbench.clearNotifications();
  });

  it('finds the same URI twice and one recording on two releases (same ISRC), removes exactly those in one save; then the song that no longer plays', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const id = FIXTURE_PLAYLISTS.needsCleanup;
    const original = await fakePlaylistUris(id);
    const row = await playlistRow(api, id);

    const cleaning = runItemMenuCommand(api, row, 'context', 'spotifyLibrary.cleanUp');
    const kinds = await workbench.waitForQuickInput((shown) => shown.title === 'Clean Up Needs Cleanup', 'the Clean Up pick');
    assert.deepEqual(kinds.items.map((item) => [item.label, item.description]), [['Duplicates', '2 in 1 list'], ['Songs That No Longer Play', '1 in 1 list']]);
    await workbench.pick('Duplicates');
    const findings = await workbench.waitForQuickInput((shown) => shown.title === 'Remove Duplicates', 'the duplicates, each checked');
    assert.deepEqual(findings.items.map((item) => [item.label, item.description]), [
      [NEEDS_CLEANUP_NAMES.duplicate, `the same entry as entry ${NEEDS_CLEANUP.duplicate[0] + 1}`],
      [NEEDS_CLEANUP_NAMES.recording, `the same recording (ISRC) as entry ${NEEDS_CLEANUP.albumVersion + 1}`],
    ]);
    await fake.clearLog();
    await workbench.accept();
    await cleaning;

    const expected = original.filter((_, index) => index !== NEEDS_CLEANUP.duplicate[1] && index !== NEEDS_CLEANUP.singleVersion);
    await waitFor(async () => (await fakePlaylistUris(id)).length === expected.length, 'the two extras gone on Spotify');
    assert.deepEqual(await fakePlaylistUris(id), expected, 'exactly those two, the first copy kept');
    // Spotify removes every copy of a URI: one removal of both URIs, the kept copy put back in place.
    assert.deepEqual(writesTo(await fake.log(), `/v1/playlists/${id}/items`).map((entry) => entry.method), ['DELETE', 'POST'], 'one save');
    assert.equal(itemOf(api, await playlistRow(api, id)).description, `${expected.length} tracks`);

    // The song that no longer plays: not checked unless the user checks it.
    const again = runItemMenuCommand(api, await playlistRow(api, id), 'context', 'spotifyLibrary.cleanUp');
    await workbench.waitForQuickInput((shown) => shown.title === 'Clean Up Needs Cleanup' && shown.items[0]?.description === 'none found', 'the Clean Up pick, no duplicates left');
    await workbench.pick('Songs That No Longer Play');
    await workbench.waitForQuickInput((shown) => shown.title === 'Remove Songs That No Longer Play' && shown.items[0]?.label === NEEDS_CLEANUP_NAMES.unavailable, 'the song');
    await workbench.pressKeys('ArrowDown', 'Space', 'Enter');
    await again;
    const unavailable = original[NEEDS_CLEANUP.unavailable];
    await waitFor(async () => !(await fakePlaylistUris(id)).includes(unavailable), 'the unplayable song gone on Spotify');
    assert.deepEqual(await fakePlaylistUris(id), expected.filter((uri) => uri !== unavailable));
  });
});
