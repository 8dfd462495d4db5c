// How fast the extension is where a user feels it, measured in the real VS Code and printed
// (no timing asserts: machines are noisy). The one assert is about requests, not time: a library
// restored from the cache must render its first page without waiting for Spotify.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { fake, fakeUrl, requestsTo } from './support/fake';
import { libraryApi, libraryCacheFile, signInFresh, signOut } from './support/session';
import { childrenOf, COLLAPSE_ALL_COMMAND, reveal, rowsOf, VIEW_CONTAINER_COMMAND, waitFor } from './support/tree';

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function report(line: string): void {
  console.log(`      [perf] ${line}`);
}

describe('Performance in VS Code (printed, not asserted)', function () {
  this.timeout(90_000);
  let api: LibraryExtensionApi;
  /** The latency the launcher runs the fake with; a test that changes it puts it back. */
  let launchLatencyMs = 0;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
    launchLatencyMs = (await fake.configure({})).latencyMs;
  });

  after(async () => {
    if (!fakeUrl) return;
    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
    await fake.configure({ latencyMs: launchLatencyMs });
    await signOut(api);
    await fake.reset();
  });

  it('opening the view to the first page of Liked Songs', async () => {
    await signInFresh(api);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await fake.clearLog();

    const started = performance.now();
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    const opened = performance.now();
    await reveal(api, api.tree.likedSongs, { expand: true });
    await waitFor(() => api.model.liked.items.length >= 50 && !api.model.liked.isLoading, 'the first page');
    const { rows, tail } = await rowsOf(api, api.tree.likedSongs);
    const firstPage = performance.now();
    assert.equal(rows.length, 50);
    assert.equal(tail?.description, '50 of 2,000');
    const requests = await requestsTo('/v1/me/tracks');
    report(`open the view: ${ms(opened - started)}; open -> Liked Songs expanded with its first 50 rows: ${ms(firstPage - opened)} (total ${ms(firstPage - started)}; ${requests.length} request, server ${requests.map((r) => `${r.ms} ms / ${(r.bytes / 1024).toFixed(1)} KB`).join(', ')})`);

    const moreStarted = performance.now();
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    assert.equal((await rowsOf(api, api.tree.likedSongs)).rows.length, 100);
    report(`Load more (50 rows): ${ms(performance.now() - moreStarted)}`);

    const allStarted = performance.now();
    const before = api.client.stats.requests;
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', api.tree.likedSongs);
    const all = await rowsOf(api, api.tree.likedSongs);
    assert.equal(all.rows.length, 2000);
    const allMs = performance.now() - allStarted;
    const pages = (await requestsTo('/v1/me/tracks')).slice(2);
    const serverMs = pages.reduce((sum, page) => sum + page.ms, 0);
    const spanMs = Math.max(...pages.map((p) => Date.parse(p.at) + p.ms)) - Math.min(...pages.map((p) => Date.parse(p.at)));
    report(`Load all (1,900 more rows): ${ms(allMs)}, ${api.client.stats.requests - before} requests, at most ${(await fake.stats()).maxConcurrent} in flight at once (the fake answers in ${serverMs} ms in all, over a ${spanMs} ms span)`);
    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND);
  });

  it('renders a library restored from the cache without waiting for a request', async () => {
    const latencyMs = 1500;
    await signInFresh(api);
    await rowsOf(api, api.tree.likedSongs);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    await childrenOf(api, api.tree.playlists);
    await api.model.save();
    const cacheFile = libraryCacheFile();
    assert.ok(cacheFile && fs.existsSync(cacheFile), `the cache was written (${cacheFile})`);
    report(`library cache: ${(fs.statSync(cacheFile).size / 1024).toFixed(1)} KB for 100 liked songs and 38 playlists`);

    // A restart as the extension goes through it: the model holds nothing, and the session sync
    // opens the account from the cache (restore, then revalidate behind it). Signing out instead
    // would delete the cache. Every Spotify answer now takes 1.5 s, so a first page that waited
    // for one cannot hide.
    api.model.reset();
    api.client.gate.reset(); // a new extension host's scheduler: the budget the tests above spent is not held
    await fake.configure({ latencyMs });
    try {
      await fake.clearLog();
      await api.whenSessionSynced();
      const started = performance.now();
      const { rows, tail } = await rowsOf(api, api.tree.likedSongs);
      const renderMs = performance.now() - started;
      const completedBefore = await requestsTo('/v1/me/tracks');
      assert.equal(rows.length, 100, 'both restored pages show');
      report(`restored Liked Songs (100 rows) available to the view in ${ms(renderMs)}; /v1/me/tracks answers before that: ${completedBefore.length} (Spotify latency ${latencyMs} ms)`);

      await waitFor(() => !api.model.liked.isLoading && !api.model.playlists.isLoading, 'the background revalidation', 20_000);
      const revalidation = await requestsTo('/v1/me/tracks');
      report(`background revalidation of Liked Songs: ${revalidation.length} request(s)`);
      assert.equal(tail?.description, '100 of 2,000');
      assert.equal(
        completedBefore.length,
        0,
        `the cached first page waited for the revalidation request (${ms(renderMs)}): src/views/nodes/pagedChildren.ts awaits list.ensureLoaded(), which returns the revalidation in flight`,
      );
    } finally {
      await fake.configure({ latencyMs: launchLatencyMs });
    }
  });
});
