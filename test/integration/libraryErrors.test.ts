// Failures in the real extension host: each shows on the node where it happened, in words, with
// Retry; after the fake stops failing, Retry loads the rows. Faults are the fake's own (malformed
// JSON, 5xx, dropped connections, 429s); nothing in VS Code or the extension is replaced.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { fake, fakeUrl, requestsTo } from './support/fake';
import { libraryApi, signIn, signInFresh, signOut } from './support/session';
import { childrenOf, itemOf, labelOf, type LibraryNode, playlistRow, rowsOf, runItemMenuCommand, themeIconId, tooltipOf, waitFor } from './support/tree';

describe('Library errors and Retry (real VS Code, fake Spotify)', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signInFresh(api);
  });

  afterEach(async () => {
    if (!fakeUrl) return;
    await fake.clearFaults();
    // No test may leave the client waiting out a Retry-After for the suites after it.
    await waitFor(() => api.client.gate.rateLimitedUntil === undefined, 'the client to accept requests again', 10_000);
  });

  after(async () => {
    if (!fakeUrl) return;
    await signOut(api);
    await fake.reset();
  });

  /** The error node at the end of `parent`'s children, checked for what every error node has. */
  async function errorAtEnd(parent: LibraryNode): Promise<{ item: vscode.TreeItem; rows: number }> {
    const { rows, tail, tailNode } = await rowsOf(api, parent);
    assert.ok(tail && tailNode, 'a last child after the rows');
    assert.equal(tail.contextValue, 'spotifyLibrary:error', `an error node, got ${tail.contextValue} "${labelOf(tail)}"`);
    assert.equal(tailNode.id, `${parent.id}/~error`, 'on the node that failed');
    assert.equal(tail.command?.command, 'spotifyLibrary.retry');
    assert.deepEqual(tail.command?.arguments, [parent], 'Retry acts on the node that failed');
    assert.equal(tail.description, 'Retry');
    return { item: tail, rows: rows.length };
  }

  /** Runs Retry as the error node's own command does, and expects `rows` rows and no error. */
  async function retryLoads(parent: LibraryNode, rows: number): Promise<void> {
    await vscode.commands.executeCommand('spotifyLibrary.retry', parent);
    const after = await rowsOf(api, parent);
    assert.equal(after.rows.length, rows);
    assert.notEqual(after.tail?.contextValue, 'spotifyLibrary:error', 'the error is gone');
    assert.equal(after.tail?.contextValue, 'spotifyLibrary:loadMore');
  }

  it('shows an unreadable answer (malformed JSON) on the playlist that got it; Retry loads it', async () => {
    const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    await fake.setFaults({ malformedJson: { count: 1, pathPrefix: `/v1/playlists/${FIXTURE_PLAYLISTS.owned120}/items` } });

    const { item, rows } = await errorAtEnd(owned);
    assert.equal(rows, 0);
    assert.match(labelOf(item), /response .*could not read/i);
    assert.equal(themeIconId(item), 'error');
    // Only that playlist: Liked Songs and the other playlists load as usual.
    assert.equal((await rowsOf(api, api.tree.likedSongs)).rows.length, 50);
    assert.equal((await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.collaborative))).rows.length, 25);

    await retryLoads(owned, 50);
    assert.equal((await requestsTo(`/v1/playlists/${FIXTURE_PLAYLISTS.owned120}/items`)).length, 2, 'the bad answer, then Retry');
  });

  it('shows Spotify server errors on Liked Songs once the client gives up retrying; Retry loads them', async () => {
    await fake.setFaults({ serverErrors: { rate: 1, status: 503, count: 1000, pathPrefix: '/v1/me/tracks' } });

    const { item, rows } = await errorAtEnd(api.tree.likedSongs);
    assert.equal(rows, 0);
    assert.match(labelOf(item), /Spotify is having trouble \(HTTP 503\)/);
    const attempts = await requestsTo('/v1/me/tracks');
    assert.deepEqual(attempts.map((r) => r.status), [503, 503, 503, 503, 503, 503], 'the first try and 5 retries, then the error');
    // The other root is not affected.
    assert.equal((await childrenOf(api, api.tree.playlists)).length, 30 + Object.keys(FIXTURE_PLAYLISTS).length);

    await fake.clearFaults();
    await retryLoads(api.tree.likedSongs, 50);
  });

  it('keeps the loaded rows when Load more loses its connection; Retry loads the next page', async () => {
    const liked = api.tree.likedSongs;
    assert.equal((await rowsOf(api, liked)).rows.length, 50);
    await fake.setFaults({ dropConnection: { pathPrefix: '/v1/me/tracks' } });

    await vscode.commands.executeCommand('spotifyLibrary.loadMore', liked);
    const { item, rows } = await errorAtEnd(liked);
    assert.equal(rows, 50, 'the first page stays');
    assert.match(labelOf(item), /Could not reach Spotify/);
    assert.deepEqual((await requestsTo('/v1/me/tracks')).slice(1).map((r) => [r.query.offset, r.status]), [['50', 0], ['50', 0], ['50', 0]], 'one try and two retries, all dropped');

    await fake.clearFaults();
    await retryLoads(liked, 100);
    assert.equal((await rowsOf(api, liked)).tail?.description, '100 of 2,000');
  });

  // A Retry is offered three ways on an error row: the row itself (its command passes the list that
  // failed), its inline button and its context menu (both pass the error row, as the workbench does).
  const retryWays = ['the row', 'its inline button', 'its context menu'] as const;
  const failures: Array<{ what: string; fail: () => Promise<LibraryNode>; rowsBefore: number; childrenAfter: number; tailAfter?: string }> = [
    {
      what: 'Liked Songs',
      fail: async () => {
        await fake.setFaults({ malformedJson: { count: 1, pathPrefix: '/v1/me/tracks' } });
        return api.tree.likedSongs;
      },
      rowsBefore: 0,
      childrenAfter: 51,
      tailAfter: 'spotifyLibrary:loadMore',
    },
    {
      what: 'a playlist',
      fail: async () => {
        const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
        await fake.setFaults({ malformedJson: { count: 1, pathPrefix: `/v1/playlists/${FIXTURE_PLAYLISTS.owned120}/items` } });
        return owned;
      },
      rowsBefore: 0,
      childrenAfter: 51,
      tailAfter: 'spotifyLibrary:loadMore',
    },
    {
      what: 'the Playlists root',
      fail: async () => {
        await fake.setFaults({ malformedJson: { count: 1, pathPrefix: '/v1/me/playlists' } });
        return api.tree.playlists;
      },
      rowsBefore: 0,
      childrenAfter: 30 + Object.keys(FIXTURE_PLAYLISTS).length,
      tailAfter: 'spotifyLibrary:playlist:linked+pageable+editable+own', // the last playlist is the user's own
    },
    {
      what: 'a page that failed after rows',
      fail: async () => {
        assert.equal((await rowsOf(api, api.tree.likedSongs)).rows.length, 50);
        await fake.setFaults({ malformedJson: { count: 1, pathPrefix: '/v1/me/tracks' } });
        await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
        return api.tree.likedSongs;
      },
      rowsBefore: 50,
      childrenAfter: 101,
      tailAfter: 'spotifyLibrary:loadMore',
    },
  ];
  for (const failure of failures) {
    for (const way of retryWays) {
      it(`retries ${failure.what} from ${way}`, async () => {
        const parent = await failure.fail();
        const children = await childrenOf(api, parent);
        const errorRow = children[children.length - 1];
        const item = itemOf(api, errorRow);
        assert.equal(item.contextValue, 'spotifyLibrary:error', `an error row, got ${item.contextValue} "${labelOf(item)}"`);
        assert.equal(errorRow.id, `${parent.id}/~error`, 'on the node that failed');
        assert.equal(children.length - 1, failure.rowsBefore, 'the rows loaded before the failure stay');

        if (way === 'the row') {
          assert.ok(item.command, 'the row has a command');
          await vscode.commands.executeCommand(item.command.command, ...((item.command.arguments ?? []) as unknown[]));
        } else {
          await runItemMenuCommand(api, errorRow, way === 'its inline button' ? 'inline' : 'context', 'spotifyLibrary.retry');
        }

        const after = await childrenOf(api, parent);
        const tail = itemOf(api, after[after.length - 1]);
        assert.notEqual(tail.contextValue, 'spotifyLibrary:error', `the error is gone after Retry from ${way}: "${labelOf(tail)}"`);
        assert.equal(after.length, failure.childrenAfter);
        assert.equal(tail.contextValue, failure.tailAfter);
      });
    }
  }

  it('waits out a short 429 by itself and sends nothing during Retry-After', async () => {
    await fake.setFaults({ rateLimit: { retryAfterSeconds: 2, count: 1, pathPrefix: '/v1/me/tracks' } });
    const messages: Array<string | undefined> = [];
    const started = Date.now();
    const loading = rowsOf(api, api.tree.likedSongs);
    await waitFor(() => !!api.treeView.message, 'the view to say Spotify asked to slow down', 5_000);
    messages.push(api.treeView.message);
    const { rows, tail } = await loading;
    assert.equal(rows.length, 50, 'the page arrives after the wait, no error');
    assert.equal(tail?.contextValue, 'spotifyLibrary:loadMore');
    assert.ok(Date.now() - started >= 1900, 'it waited for Retry-After');
    assert.match(messages[0] ?? '', /Spotify asked to slow down: loading continues at/);
    const stats = await fake.stats();
    assert.equal(stats.rateLimited, 1);
    assert.equal(stats.requestsDuringRetryAfter, 0, 'no request inside the Retry-After window');
    await waitFor(() => !api.treeView.message, 'the slow-down message to go', 5_000);
  });

  it('says until when the request quota is used up (QUOTA_EXCEEDED); Retry works after that time', async () => {
    const liked = api.tree.likedSongs;
    await fake.setFaults({ rateLimit: { retryAfterSeconds: 3, count: 1, quotaExceeded: true, pathPrefix: '/v1/me/tracks' } });

    const { item, rows } = await errorAtEnd(liked);
    assert.equal(rows, 0);
    assert.match(labelOf(item), /quota for your app is used up until .*\d{1,2}:\d{2}/);
    assert.equal(themeIconId(item), 'watch');
    assert.match(tooltipOf(item), /Retry after that time/);
    assert.match(api.treeView.message ?? '', /slow down/);
    // Nothing is sent while the quota window is open: Retry fails at once with the same words.
    await vscode.commands.executeCommand('spotifyLibrary.retry', liked);
    assert.match(labelOf((await errorAtEnd(liked)).item), /used up until/);
    assert.equal((await requestsTo('/v1/me/tracks')).length, 1, 'no request during the quota window');

    await waitFor(() => api.client.gate.rateLimitedUntil === undefined, 'the quota window to end', 6_000);
    await retryLoads(liked, 50);
    assert.equal((await fake.stats()).requestsDuringRetryAfter, 0);
  });

  // A day-long window would hold every later suite: each case ends it with the gate's reset().
  it('says until when the rate limit is used up for a day-long Retry-After, the view and the node alike', async () => {
    const liked = api.tree.likedSongs;
    try {
      await fake.setFaults({ rateLimit: { retryAfterSeconds: 86_400, count: 1, pathPrefix: '/v1/me/tracks' } });
      const { item } = await errorAtEnd(liked);
      assert.match(labelOf(item), /request limit for your app is used up until tomorrow at .*\d{1,2}:\d{2}/);
      assert.equal(themeIconId(item), 'watch');
      // The view's message names the same day and time as the node.
      const until = /used up until (.*)\.$/.exec(labelOf(item))?.[1];
      assert.ok(until);
      assert.equal(api.treeView.message, `Spotify asked to slow down: loading continues ${until}.`);
      assert.ok((api.client.gate.rateLimitedUntil ?? 0) > Date.now() + 23 * 3_600_000, 'held for (about) a day');
    } finally {
      api.client.gate.reset();
    }
    await fake.clearFaults();
    await retryLoads(liked, 50);
  });

  it('keeps a Retry-After window across signing out and in again with the same Client ID (limits are per app)', async () => {
    const liked = api.tree.likedSongs;
    try {
      await fake.setFaults({ rateLimit: { retryAfterSeconds: 3_600, count: 1, pathPrefix: '/v1/me/tracks' } });
      await errorAtEnd(liked);
      const until = api.client.gate.rateLimitedUntil;
      assert.ok(until && until > Date.now() + 3_000_000, 'held for an hour');
      await fake.clearFaults();

      await signOut(api);
      assert.equal(api.treeView.message, undefined, 'signed out: no message about loading');
      await signIn(api);
      assert.equal(api.client.gate.rateLimitedUntil, until, 'the same window after signing in again');
      assert.match(api.treeView.message ?? '', /^Spotify asked to slow down: loading continues/);
      const before = (await requestsTo('/v1/me/tracks')).length;
      const { item } = await errorAtEnd(liked);
      assert.match(labelOf(item), /used up until/);
      assert.equal((await requestsTo('/v1/me/tracks')).length, before, 'no request inside the window');
    } finally {
      api.client.gate.reset();
    }
    await retryLoads(liked, 50);
  });
});
