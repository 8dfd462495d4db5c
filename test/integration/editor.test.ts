// The library in documents, in the real extension host against the fake Spotify: Copy as Markdown
// Link, Insert Link at Cursor, the drop into editors, Export..., and hovers on Spotify links.
// Results are read from the clipboard, real documents and editors, the fake's request log and
// vscode.executeHoverProvider.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../src/commands/editorCommands';
import type { LibraryExtensionApi } from '../../src/extension';
import { BIG_SPECIALS, EDGE_CASES, EDGE_NAMES, FIXTURE_PLAYLISTS, LIKED_SPECIALS } from '../fake-spotify/fixtures';
import { markdownRowCells, parseCsv } from '../unit/support/tableParsers';
import { delay, fake, fakeUrl, readFakeApi, requestsTo } from './support/fake';
import { libraryApi, signInFresh, signOut } from './support/session';
import { childrenOf, playlistRow, reveal, revealAndSelect, rowsOf, VIEW_CONTAINER_COMMAND, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

interface FakeItem {
  id: string;
  name: string;
  artists?: Array<{ name: string }>;
  show?: { name: string };
  external_urls: { spotify: string };
  uri: string;
}

/** The liked entries at `offset..offset+limit` as the fake serves them (read before the log is cleared). */
async function likedItems(offset: number, limit: number): Promise<FakeItem[]> {
  const page = await readFakeApi<{ items: Array<{ track: FakeItem }> }>(`/me/tracks?offset=${offset}&limit=${limit}&market=from_token`);
  return page.items.map((entry) => entry.track);
}

const artistsOf = (item: FakeItem) => (item.artists ?? []).map((artist) => artist.name).join(', ');

async function openDocument(language: string, content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document);
}

async function closeEditors(): Promise<void> {
  // Untitled documents ask to save on close; revert closes them without asking.
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Library in the editor (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signInFresh(api);
  });

  afterEach(async () => {
    await closeEditors();
  });

  after(async () => {
    if (!fakeUrl) return;
    await vscode.workspace.getConfiguration('spotifyLibrary').update('insertLinkFormat', undefined, vscode.ConfigurationTarget.Global);
    await signOut(api);
    await fake.reset();
  });

  it('copies a Markdown link for each kind of row, and a Markdown list for a selection of three', async () => {
    const expected = await likedItems(0, 3);
    const edgePage = await readFakeApi<{ items: Array<{ item: FakeItem | null }> }>(`/playlists/${FIXTURE_PLAYLISTS.edgeCases}/items?limit=50&additional_types=track,episode`);
    const episode = edgePage.items[EDGE_CASES.episode].item!;
    const liked = await rowsOf(api, api.tree.likedSongs);
    const edge = await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.edgeCases));
    const copyMarkdown = async (...args: unknown[]) => {
      await vscode.env.clipboard.writeText('before');
      await vscode.commands.executeCommand('spotifyLibrary.copyMarkdownLink', ...args);
      return vscode.env.clipboard.readText();
    };

    // A track, with its artists; a name that looks like Markdown stays text.
    assert.equal(await copyMarkdown(liked.rows[0]), `[${expected[0].name} — ${artistsOf(expected[0])}](${expected[0].external_urls.spotify})`);
    assert.equal(LIKED_SPECIALS.markdown.position, 1);
    assert.equal(await copyMarkdown(liked.rows[1]), `[\\*\\*Bold Move\\*\\* \\[click me\\](https://evil.example) — ${artistsOf(expected[1])}](${expected[1].external_urls.spotify})`);
    // An episode, with its show.
    assert.equal(await copyMarkdown(edge.rows[EDGE_CASES.episode]), `[${EDGE_NAMES.episode} — ${EDGE_NAMES.show}](https://open.spotify.com/episode/${episode.id})`);
    // A playlist and Liked Songs: the name alone.
    assert.equal(await copyMarkdown(await playlistRow(api, FIXTURE_PLAYLISTS.owned120)), `[Owned 120](https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.owned120})`);
    assert.equal(await copyMarkdown(api.tree.likedSongs), '[Liked Songs](https://open.spotify.com/collection/tracks)');
    // The notice on a followed playlist is a message, not a link: nothing to copy (it offers Open in Spotify only).
    const notice = (await childrenOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.followed)))[0];
    assert.equal(await copyMarkdown(notice), 'before');
    // A local file has no link: the clipboard keeps what it had.
    assert.equal(await copyMarkdown(edge.rows[EDGE_CASES.local]), 'before');

    // A selection of three, as VS Code passes it from the context menu: the clicked row and the selection.
    const three = liked.rows.slice(0, 3);
    const list = await copyMarkdown(three[1], three);
    assert.equal(list, expected.map((item, i) => `- ${i === 1 ? `[\\*\\*Bold Move\\*\\* \\[click me\\](https://evil.example) — ${artistsOf(item)}]` : `[${item.name} — ${artistsOf(item)}]`}(${item.external_urls.spotify})`).join('\n'));
    // The other copy commands copy all three too, one a line.
    await vscode.commands.executeCommand('spotifyLibrary.copyLink', three[0], three);
    assert.equal(await vscode.env.clipboard.readText(), expected.map((item) => item.external_urls.spotify).join('\n'));
    await vscode.commands.executeCommand('spotifyLibrary.copyUri', three[2], three);
    assert.equal(await vscode.env.clipboard.readText(), expected.map((item) => item.uri).join('\n'));
    // A right-click outside the selection acts on the clicked row alone.
    assert.equal(await copyMarkdown(liked.rows[5], three), `[${(await likedItems(5, 1))[0].name} — ${artistsOf((await likedItems(5, 1))[0])}](${(await likedItems(5, 1))[0].external_urls.spotify})`);
  });

  it('inserts links at every cursor: Markdown links in a Markdown file, plain links in a text file, one undo', async () => {
    const expected = await likedItems(0, 1);
    const { rows } = await rowsOf(api, api.tree.likedSongs);
    const markdownLink = `[${expected[0].name} — ${artistsOf(expected[0])}](${expected[0].external_urls.spotify})`;

    // Markdown, from the context menu of a row: both cursors get the link.
    const markdown = await openDocument('markdown', 'First: \nSecond: \n');
    markdown.selections = [new vscode.Selection(0, 7, 0, 7), new vscode.Selection(1, 8, 1, 8)];
    assert.equal(await vscode.commands.executeCommand('spotifyLibrary.insertLink', rows[0], [rows[0]]), true);
    assert.equal(markdown.document.getText(), `First: ${markdownLink}\nSecond: ${markdownLink}\n`);
    await vscode.commands.executeCommand('undo');
    assert.equal(markdown.document.getText(), 'First: \nSecond: \n', 'one undo takes both insertions back');

    // Plain text, from the palette: the rows selected in the view.
    const plain = await openDocument('plaintext', 'a  b\n');
    plain.selections = [new vscode.Selection(0, 1, 0, 1), new vscode.Selection(0, 3, 0, 4)];
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await revealAndSelect(api, rows[0]); // the other sections' counts arriving may redraw the tree meanwhile
    await vscode.window.showTextDocument(plain.document, plain.viewColumn);
    const editor = vscode.window.activeTextEditor!;
    editor.selections = [new vscode.Selection(0, 1, 0, 1), new vscode.Selection(0, 3, 0, 4)];
    assert.equal(await vscode.commands.executeCommand('spotifyLibrary.insertLink'), true);
    const url = expected[0].external_urls.spotify;
    assert.equal(editor.document.getText(), `a${url}  ${url}\n`, 'the second cursor replaced its selection');

    // No editor open: the message says so and offers a new Markdown file, which gets the link.
    if (await workbenchUiAvailable()) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor(() => !vscode.window.activeTextEditor, 'no editor open');
      assert.equal(await vscode.commands.executeCommand('spotifyLibrary.insertLink', rows[0], [rows[0]]), false);
      await workbench.clickNotificationButton('Open a text editor', 'New Markdown File');
      await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'markdown' && vscode.window.activeTextEditor.document.getText() === markdownLink, 'a new Markdown file with the link');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }

    // The setting picks the format everywhere.
    await vscode.workspace.getConfiguration('spotifyLibrary').update('insertLinkFormat', 'uri', vscode.ConfigurationTarget.Global);
    try {
      const other = await openDocument('markdown', '');
      await vscode.commands.executeCommand('spotifyLibrary.insertLink', rows[0], [rows[0]]);
      assert.equal(other.document.getText(), expected[0].uri);
    } finally {
      await vscode.workspace.getConfiguration('spotifyLibrary').update('insertLinkFormat', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('drops rows dragged from the tree into a Markdown editor as a list of links, and as links elsewhere', async () => {
    // The workbench's own drag (Playwright on the tree row) is not driven here: this runs the
    // view's drag controller and the registered drop provider on a real document and editor.
    const expected = await likedItems(0, 3);
    const { rows } = await rowsOf(api, api.tree.likedSongs);
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const dragged = [rows[0], rows[2], playlist];
    const transfer = new vscode.DataTransfer();
    api.editor.drag.handleDrag(dragged, transfer);
    assert.deepEqual(api.editor.drag.dragMimeTypes, ['application/vnd.spotify-library.rows+json'], 'no uri-list (the editor area and the Explorer would take the links for files to open), no text (VS Code\'s text drop would win)');
    assert.deepEqual([...api.editor.drag.dropMimeTypes], ['application/vnd.code.tree.spotifylibrary.library'], 'the tree accepts drops of its own rows only (no files, no text)');

    const editor = await openDocument('markdown', '# Notes\n\n');
    const at = new vscode.Position(2, 0);
    const edit = await api.editor.drop.provideDocumentDropEdits(editor.document, at, transfer, new vscode.CancellationTokenSource().token);
    assert.ok(edit && typeof edit.insertText === 'string', 'a plain-text edit (a snippet would take a $ in a name for a placeholder)');
    assert.ok(await editor.edit((builder) => builder.insert(at, edit.insertText as string)));
    const list = [
      `- [${expected[0].name} — ${artistsOf(expected[0])}](${expected[0].external_urls.spotify})`,
      `- [${expected[2].name} — ${artistsOf(expected[2])}](${expected[2].external_urls.spotify})`,
      `- [Owned 120](https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.owned120})`,
    ].join('\n');
    assert.equal(editor.document.getText(), `# Notes\n\n${list}`);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), '# Notes\n\n', 'one undo takes the drop back');

    const plain = await openDocument('plaintext', '');
    const plainEdit = await api.editor.drop.provideDocumentDropEdits(plain.document, new vscode.Position(0, 0), transfer, new vscode.CancellationTokenSource().token);
    assert.equal(plainEdit?.insertText, [expected[0].external_urls.spotify, expected[2].external_urls.spotify, `https://open.spotify.com/playlist/${FIXTURE_PLAYLISTS.owned120}`].join('\n'));

    // A drop of anything else (files, text from elsewhere) is left to VS Code.
    const foreign = new vscode.DataTransfer();
    foreign.set('text/uri-list', new vscode.DataTransferItem('file:///tmp/a.txt'));
    assert.equal(await api.editor.drop.provideDocumentDropEdits(editor.document, at, foreign, new vscode.CancellationTokenSource().token), undefined);
  });

  it('drops a row dragged with the mouse from the tree into a Markdown editor (the workbench\'s own drag)', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const [expected] = await likedItems(0, 1);
    const { rows } = await rowsOf(api, api.tree.likedSongs);
    const editor = await openDocument('markdown', '');
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await reveal(api, rows[0], { select: true, focus: false });
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await workbench.dragTreeRowToEditor(expected.name, { timeoutMs: 10_000 });
    await waitFor(() => editor.document.getText() !== '', 'the drop to land in the document');
    assert.equal(editor.document.getText(), `[${expected.name} — ${artistsOf(expected)}](${expected.external_urls.spotify})`);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), '', 'one undo takes the drop back');

    // Without Shift too: the row carries no files, so the editor area has nothing to open and the text takes the drop.
    const tabsBefore = vscode.window.tabGroups.all.flatMap((group) => group.tabs).length;
    await workbench.dragTreeRowToEditor(expected.name, { shift: false, timeoutMs: 10_000 });
    await waitFor(() => editor.document.getText() !== '', 'the drop to land in the document');
    assert.equal(editor.document.getText(), `[${expected.name} — ${artistsOf(expected)}](${expected.external_urls.spotify})`);
    await delay(500);
    assert.equal(vscode.window.tabGroups.all.flatMap((group) => group.tabs).length, tabsBefore, 'nothing opened');
    assert.deepEqual((await workbench.notifications()).filter((n) => n.severity !== 'info'), [], 'no warning or error');
  });

  it('exports a 5,000-entry playlist to CSV that parses back, a Markdown table and JSON, loading it once', async () => {
    const big = await playlistRow(api, FIXTURE_PLAYLISTS.big5000);
    const firstPage = await readFakeApi<{ items: Array<{ item: FakeItem }> }>(`/playlists/${FIXTURE_PLAYLISTS.big5000}/items?limit=50&offset=0`);
    await fake.clearLog();

    const csv = await vscode.commands.executeCommand<ExportResult>('spotifyLibrary.export', big, undefined, { format: 'csv', destination: 'untitled' });
    assert.equal(csv.count, 5000);
    const pages = await requestsTo(`/v1/playlists/${FIXTURE_PLAYLISTS.big5000}/items`);
    assert.equal(pages.length, 100, 'every page loaded once');
    assert.ok(['csv', 'plaintext'].includes(csv.document!.languageId), csv.document!.languageId);
    assert.equal(vscode.window.activeTextEditor?.document, csv.document, 'shown in a new editor');
    // A text model keeps one kind of line break: a name's LF reads as the document's CRLF there.
    const records = parseCsv(csv.document!.getText()).map((record) => record.map((cell) => cell.replace(/\r\n/g, '\n')));
    assert.equal(records.length, 5001);
    assert.deepEqual(records[0], ['Position', 'Title', 'Artists', 'Album or Show', 'Duration', 'Added At', 'Link', 'URI']);
    for (const [i, record] of records.slice(1).entries()) {
      assert.equal(record.length, 8, `row ${i + 1} has 8 cells`);
      assert.equal(record[0], String(i + 1));
    }
    for (const [i, entry] of firstPage.items.entries()) {
      const special = Object.values(BIG_SPECIALS).find((s) => s.position === i);
      const title = /^[=+\-@]/.test(entry.item.name) ? `'${entry.item.name}` : entry.item.name;
      assert.deepEqual([records[i + 1][1], records[i + 1][2], records[i + 1][6], records[i + 1][7]], [title, artistsOf(entry.item), entry.item.external_urls.spotify, entry.item.uri], `row ${i + 1}${special ? ` (${special.name})` : ''}`);
    }
    assert.equal(records[BIG_SPECIALS.comma.position + 1][1], 'Comma, Then More');
    assert.equal(records[BIG_SPECIALS.quote.position + 1][1], 'The "Quoted" One');
    assert.equal(records[BIG_SPECIALS.lineBreak.position + 1][1], 'Line One\nLine Two');
    assert.equal(records[BIG_SPECIALS.formula.position + 1][1], `'${BIG_SPECIALS.formula.name}`, 'a formula is neutralised');
    assert.equal(records[BIG_SPECIALS.minus.position + 1][1], `'${BIG_SPECIALS.minus.name}`);

    // Markdown from the loaded list: no request.
    await fake.clearLog();
    const markdown = await vscode.commands.executeCommand<ExportResult>('spotifyLibrary.export', big, undefined, { format: 'markdown', destination: 'untitled' });
    assert.equal((await requestsTo('/v1/')).length, 0, 'taken from what is loaded');
    assert.equal(markdown.document!.languageId, 'markdown');
    const tableLines = markdown.document!.getText().split('\n').filter((line) => line.startsWith('|'));
    assert.equal(tableLines.length, 5002, 'heading, rule and 5,000 rows: no name broke a row');
    for (const line of tableLines) assert.equal(markdownRowCells(line).length, 8, line);
    assert.equal(markdownRowCells(tableLines[BIG_SPECIALS.pipe.position + 2])[1], 'Left \\| Right \\\\\\| Escaped');
    assert.equal(markdownRowCells(tableLines[BIG_SPECIALS.html.position + 2])[1], '\\<img src=x onerror=alert(1)\\> & \\`tick\\`');

    // JSON, saved to a file the caller names.
    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'export-')), 'big.json'));
    const json = await vscode.commands.executeCommand<ExportResult>('spotifyLibrary.export', big, undefined, { format: 'json', destination: 'file', file });
    assert.equal(json.file?.toString(), file.toString());
    const parsed = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(parsed.length, 5000);
    assert.deepEqual(Object.keys(parsed[0]), ['position', 'title', 'artists', 'albumOrShow', 'duration', 'durationMs', 'addedAt', 'link', 'uri']);
    assert.equal(parsed[BIG_SPECIALS.lineBreak.position].title, 'Line One\nLine Two');
    assert.equal(parsed[4999].position, 5000);
  });

  it('asks for the format and the destination, and loads with progress that Cancel stops, exporting nothing', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    // The pickers, answered in the workbench as a user would.
    const exported = vscode.commands.executeCommand<ExportResult | undefined>('spotifyLibrary.export', owned);
    const format = await workbench.waitForQuickInput((shown) => shown.title === 'Export: Format', 'asking for the format');
    assert.deepEqual(format.items.map((item) => item.label), ['Markdown Table', 'CSV', 'JSON']);
    await workbench.pick('JSON');
    await workbench.waitForQuickInput((shown) => shown.title === 'Export: Destination', 'asking where to');
    await workbench.pick('Open in a New Editor');
    const result = await exported;
    assert.equal(result?.count, 120);
    assert.equal(result?.document?.languageId, 'json');
    assert.equal((JSON.parse(result.document.getText()) as unknown[]).length, 120);

    // A slow Spotify: the 5,000 entries load with progress, and Cancel stops them.
    const big = await playlistRow(api, FIXTURE_PLAYLISTS.big5000);
    const { latencyMs } = await fake.configure({});
    await fake.configure({ latencyMs: 400 });
    try {
      const cancelled = vscode.commands.executeCommand<ExportResult | undefined>('spotifyLibrary.export', big, undefined, { format: 'csv', destination: 'untitled' });
      const shown = await workbench.notifications('Loading Big 5000 to export', 15_000);
      assert.ok(shown.find((n) => n.message.includes('Loading Big 5000'))?.buttons.includes('Cancel'), JSON.stringify(shown));
      await workbench.clickNotificationButton('Loading Big 5000 to export', 'Cancel');
      assert.equal(await cancelled, undefined, 'nothing exported');
      const loaded = api.model.entriesOf((big as unknown as { playlist: Parameters<typeof api.model.entriesOf>[0] }).playlist);
      assert.ok(loaded.items.length < 5000, `stopped after ${loaded.items.length} entries`);
      assert.equal(loaded.isLoading, false, 'no page still loading');
      assert.notEqual(vscode.window.activeTextEditor?.document.languageId, 'csv');
    } finally {
      await fake.configure({ latencyMs });
    }
  });

  it('hovers a track link in a Markdown file: its title, one request the first time, none the second', async () => {
    const [track] = await likedItems(120, 1); // past the first page, which the view may have loaded for its count
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hover-'));
    const file = path.join(folder, 'notes.md');
    const link = `https://open.spotify.com/intl-de/track/${track.id}?si=abc`;
    fs.writeFileSync(file, `# Notes\n\nListen to [this](${link}) and spotify:track:${track.id}.\n`);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    await fake.clearLog();
    await delay(300);
    assert.equal((await requestsTo('/v1/tracks/')).length, 0, 'opening a document asks nothing');

    const at = new vscode.Position(2, 'Listen to [this]('.length + 10);
    const first = await hoverText(document.uri, at);
    assert.match(first, new RegExp(`\\*\\*${escapeForRegex(escapeMd(track.name))}\\*\\* · Track`), first);
    assert.ok(first.includes(escapeMd(artistsOf(track))), first);
    const requests = await requestsTo('/v1/tracks/');
    assert.deepEqual(requests.map((r) => r.path), [`/v1/tracks/${track.id}`], 'one request');
    const second = await hoverText(document.uri, at);
    assert.equal(second, first);
    // The URI on the same line is the same track: still no new request.
    await hoverText(document.uri, new vscode.Position(2, document.lineAt(2).text.indexOf('spotify:track') + 3));
    assert.equal((await requestsTo('/v1/tracks/')).length, 1, 'none the second time');
  });

  it('shows an HTML-like name as text, trusts only its own command, and answers unknown or malformed links with a line', async () => {
    const [html] = await likedItems(LIKED_SPECIALS.html.position, 1);
    assert.equal(html.name, LIKED_SPECIALS.html.name);
    const editor = await openDocument('markdown', `https://open.spotify.com/track/${html.id}\nhttps://open.spotify.com/track/0000000000000000000000\nhttps://open.spotify.com/album/tooShort\n`);
    await fake.clearLog();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 5));
    const ours = hovers.flatMap((hover) => hover.contents).find((content): content is vscode.MarkdownString => content instanceof vscode.MarkdownString && content.value.includes('· Track'));
    assert.ok(ours, JSON.stringify(hovers));
    assert.ok(ours.value.includes('**\\<img src\\=x onerror\\=alert\\(1\\)\\>** · Track'), ours.value);
    assert.doesNotMatch(ours.value, /(?<!\\)</, 'no unescaped < reaches the renderer');
    assert.notEqual(ours.supportHtml, true);
    assert.deepEqual(ours.isTrusted, { enabledCommands: ['spotifyLibrary.openLink', 'spotifyLibrary.play'] });
    assert.match(ours.value, /\[Open in Spotify\]\(command:spotifyLibrary\.openLink\?/);

    // Its Open link opens the track.
    await fake.clearBrowserOpens();
    const args = decodeURIComponent(/command:spotifyLibrary\.openLink\?([^ )]+)/.exec(ours.value)![1]);
    await vscode.commands.executeCommand('spotifyLibrary.openLink', ...(JSON.parse(args) as unknown[]));
    await waitFor(async () => (await fake.browserOpens()).some((open) => open.url === `https://open.spotify.com/track/${html.id}`), 'the track to open');

    const unknown = await hoverText(editor.document.uri, new vscode.Position(1, 5));
    assert.match(unknown, /Spotify has no track with this id/);
    const malformed = await hoverText(editor.document.uri, new vscode.Position(2, 5));
    assert.match(malformed, /not a valid Spotify album link/);
    // The HTML-named song may be answered from Liked Songs' first page (loaded for the view's count) or by a request.
    const asked = (await requestsTo('/v1/')).filter((r) => !r.path.startsWith('/v1/me/')).map((r) => [r.path, r.status]);
    assert.deepEqual(asked.filter(([path]) => path !== `/v1/tracks/${html.id}`), [['/v1/tracks/0000000000000000000000', 404]], 'nothing asked for the malformed id');
    if (await workbenchUiAvailable()) {
      const errors = (await workbench.notifications()).filter((n) => n.severity === 'error');
      assert.deepEqual(errors, [], 'no error toast');
    }
  });

  it('answers from the loaded library with no request, and says it is in Liked Songs', async () => {
    const [track] = await likedItems(2, 1);
    await rowsOf(api, api.tree.likedSongs);
    const editor = await openDocument('plaintext', `spotify:track:${track.id}`);
    await fake.clearLog();
    const text = await hoverText(editor.document.uri, new vscode.Position(0, 3));
    assert.ok(text.includes(escapeMd(track.name)), text);
    assert.match(text, /In your Liked Songs/);
    assert.equal((await requestsTo('/v1/')).length, 0);
  });
});

/** The text of this extension's hover at `position` (the one naming a Spotify kind). */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const texts = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''));
  const ours = texts.find((text) => /Spotify|· (Track|Album|Playlist|Artist|Episode|Podcast)/.test(text) && text.includes('spotifyLibrary') || /not a valid Spotify/.test(text));
  assert.ok(ours, `a hover from the extension; got ${JSON.stringify(texts)}`);
  return ours;
}

function escapeMd(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

