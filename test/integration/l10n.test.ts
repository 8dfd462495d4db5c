// Every language (#15): the tree writes counts and dates for the formatting locale, in the user's
// time zone. VS Code's display language changes only with a reload (displayLanguage.test.ts runs in
// a German window of its own), so here the locale the extension formats for, which otherwise follows
// vscode.env.language, is switched through its test-only export, and the real tree is read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { fakeUrl, fake } from './support/fake';
import { libraryApi, signInFresh, signOut } from './support/session';
import { childrenOf, itemOf, rowsOf, type TrackRow, waitFor } from './support/tree';

const LIKED_TOTAL = 2000;

/** The tooltip's Markdown as the user reads it (escapes removed). */
function tooltipText(item: vscode.TreeItem): string {
  const tooltip = item.tooltip;
  const markdown = tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip ?? '');
  return markdown.replace(/\\(.)/g, '$1');
}

/** What the track's tooltip says after "Added: ". */
function addedOf(api: LibraryExtensionApi, row: TrackRow): string | undefined {
  return /Added: ([^\n]+?)\s*(\n|$)/.exec(tooltipText(itemOf(api, row)))?.[1];
}

describe('Every language: the tree follows the formatting locale', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
    await signInFresh(api);
  });

  after(async () => {
    if (!fakeUrl) return;
    api.useFormattingLocale(undefined);
    await signOut(api);
    await fake.reset();
  });

  it('formats for VS Code\'s display language unless told otherwise', async () => {
    await rowsOf(api, api.tree.likedSongs);
    assert.equal(itemOf(api, api.tree.likedSongs).description, new Intl.NumberFormat(vscode.env.language).format(LIKED_TOTAL));
  });

  it('writes counts and dates in German once the locale is German, and in English again after', async () => {
    const { rows } = await rowsOf(api, api.tree.likedSongs);
    const row = rows[0];
    const addedAt = new Date(row.track.addedAt!);
    const dayIn = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(addedAt); // local time zone, as the user's

    api.useFormattingLocale('en-US');
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2,000');
    assert.equal((await rowsOf(api, api.tree.likedSongs)).tail?.description, '50 of 2,000');
    assert.equal(addedOf(api, row), dayIn('en-US'));
    assert.match(addedOf(api, row)!, /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/, 'Mar 3, 2024');

    api.useFormattingLocale('de');
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2.000');
    assert.equal((await rowsOf(api, api.tree.likedSongs)).tail?.description, '50 of 2.000');
    assert.equal(addedOf(api, row), dayIn('de'));
    assert.match(addedOf(api, row)!, /^\d{2}\.\d{2}\.\d{4}$/, '03.03.2024');
    assert.notEqual(dayIn('de'), dayIn('en-US'));
    // A hover on the song's link says since when it is liked, in the same format.
    const hover = await api.editor.hover.factsFor({ kind: 'track', id: row.track.id! });
    assert.equal(hover.library, `In your Liked Songs (since ${dayIn('de')})`);

    api.useFormattingLocale('en-US');
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2,000');
    assert.equal(addedOf(api, row), dayIn('en-US'));
  });

  it('says until when Spotify holds requests in the locale\'s clock time', async () => {
    await signInFresh(api);
    try {
      await fake.setFaults({ rateLimit: { retryAfterSeconds: 3_600, count: 1, pathPrefix: '/v1/me/tracks' } });
      await childrenOf(api, api.tree.likedSongs);
      await waitFor(() => api.client.gate.rateLimitedUntil !== undefined && !!api.treeView.message, 'the slow-down message');
      const until = api.client.gate.rateLimitedUntil!;
      const timeIn = (locale: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(until);
      assert.notEqual(timeIn('de'), timeIn('en-US'), 'a 24-hour clock and a 12-hour one');

      api.useFormattingLocale('en-US');
      assert.ok(api.treeView.message?.endsWith(`at ${timeIn('en-US')}.`), api.treeView.message);
      api.useFormattingLocale('de');
      assert.ok(api.treeView.message?.endsWith(`at ${timeIn('de')}.`), api.treeView.message);
    } finally {
      api.client.gate.reset();
      api.useFormattingLocale(undefined);
      await fake.clearFaults();
    }
  });
});
