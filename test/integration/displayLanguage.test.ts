// A German window (#15, "Every language"): runIntegration --display-language de opens the workbench
// with VS Code's display language set to German (--locale de, with an empty language pack, so VS
// Code's own words stay English). What the extension shows comes from package.nls.de.json and
// l10n/bundle.l10n.de.json, and counts and dates are German. Only this file runs in that window.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { fake, fakeUrl } from './support/fake';
import { libraryApi, signInFresh, signOut } from './support/session';
import { childrenOf, itemOf, labelOf, rowsOf, waitFor } from './support/tree';
import { workbench } from './support/workbench';

/** The tooltip's Markdown as the user reads it (escapes removed). */
function tooltipText(item: vscode.TreeItem): string {
  const markdown = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
  return markdown.replace(/\\(.)/g, '$1');
}

describe('A German window: the extension in VS Code\'s display language', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
    await signInFresh(api);
  });

  afterEach(() => workbench.closeQuickInput());

  after(async () => {
    if (!fakeUrl) return;
    await signOut(api);
    await fake.reset();
  });

  it('runs in a window whose display language is German', () => {
    assert.equal(vscode.env.language, 'de');
  });

  it('names the sections in German and writes counts and dates the German way', async () => {
    // The sections' names (common/sections.ts, worded through the vscode-free l10n.t).
    const sections = (await childrenOf(api)).filter((node) => ['albums', 'artists', 'shows', 'episodes'].includes(node.id));
    assert.deepEqual(sections.map((node) => labelOf(itemOf(api, node))), ['Alben', 'Künstler', 'Podcasts', 'Deine Folgen']);
    const { rows, tail } = await rowsOf(api, api.tree.likedSongs);
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2.000');
    assert.match(String(tail?.description), /^50 .+ 2\.000$/);
    const added = new Date(rows[0].track.addedAt!);
    const tooltip = tooltipText(itemOf(api, rows[0]));
    assert.ok(tooltip.includes(new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(added)), `a German date (dd.mm.yyyy) in: ${tooltip}`);
    assert.doesNotMatch(tooltip, /\d{4}-\d{2}-\d{2}/, 'no ISO date');
    await waitFor(() => api.treeView.description?.includes('synchronisiert') === true, 'the view to say when it synced');
    assert.equal(api.treeView.description, 'Fake Listener · synchronisiert gerade eben');
  });

  it('offers Sort By in German: words from the modules without vscode, through VS Code\'s translations', async () => {
    const sorting = vscode.commands.executeCommand('spotifyLibrary.sortBy', api.tree.likedSongs);
    const shown = await workbench.waitForQuickInput((input) => input.items.length > 0, 'the Sort By choices');
    // Liked Songs: Spotify's own order there is the newest first, offered once (issue 20.9d).
    assert.deepEqual(shown.items.map((item) => item.label), ['Zuletzt hinzugefügt', 'Titel', 'Künstler', 'Album', 'Dauer']);
    await workbench.closeQuickInput();
    await sorting;
  });

  it('shows its commands in the Command Palette in German (package.nls.de.json)', async () => {
    void vscode.commands.executeCommand('workbench.action.showCommands');
    await workbench.waitForQuickInput(() => true, 'the Command Palette');
    await workbench.type('>Spotify-Bibliothek: In der Bibliothek');
    const shown = await workbench.waitForQuickInput(
      (input) => input.items.some((item) => item.label === 'Spotify-Bibliothek: In der Bibliothek suchen...'),
      'Find in Library... in German',
    );
    assert.ok(!shown.items.some((item) => /Find in Library/.test(item.label)), 'not in English');
  });
});
