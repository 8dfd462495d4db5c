// The library layer where it used to break: two windows over one cache folder, bad cache files,
// entries the normaliser drops, a server without /items, and what Refresh costs. Real VS Code
// (workspace.fs, the tree, the commands) against the fake Spotify over HTTP; requests are counted
// at the fake.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SpotifyClient } from '../../src/api/spotifyClient';
import { type Logger, silentLogger } from '../../src/common/logger';
import type { LibraryExtensionApi } from '../../src/extension';
import { FileLibraryCacheStore } from '../../src/library/fileCacheStore';
import { LibraryApi } from '../../src/library/libraryApi';
import { LibraryModel } from '../../src/library/libraryModel';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import type { TokenResponse } from '../fake-spotify/tokens';
import { control, fake, fakeApiUrl, fakeUrl, readFakeApi, requestsTo } from './support/fake';
import { libraryApi, libraryCacheFile, signInFresh, signOut } from './support/session';
import { childrenOf, labelOf, playlistRow, rowsOf } from './support/tree';

describe('Library hardening (real VS Code, fake Spotify)', function () {
  this.timeout(90_000);
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

  /** Two windows: two models, each with its own store, over one global storage folder (a temp folder here). */
  async function twoWindows(run: (window: () => LibraryModel, folder: string, warnings: string[]) => Promise<void>): Promise<void> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'library-cache-'));
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    const token = (await control<TokenResponse>('/__fake/tokens/issue', {})).access_token;
    const client = new SpotifyClient({ baseUrl: () => fakeApiUrl, tokens: { getAccessToken: async () => token, refreshAfterRejection: async () => token }, logger });
    const libraryApiOverHttp = new LibraryApi(client, () => ({ market: 'from_token' }));
    const models: LibraryModel[] = [];
    const window = () => {
      const model = new LibraryModel(libraryApiOverHttp, () => 50, logger, new FileLibraryCacheStore(vscode.Uri.file(folder)));
      models.push(model);
      return model;
    };
    try {
      await run(window, folder, warnings);
    } finally {
      for (const model of models) model.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  it('two windows saving at once each write their own temp file: no write fails, none is left', async () => {
    await twoWindows(async (window, folder, warnings) => {
      const [windowA, windowB] = [window(), window()];
      for (const model of [windowA, windowB]) {
        await model.openAccount('fakeuser');
        await model.liked.ensureLoaded();
      }
      await Promise.all([windowA.save(), windowB.save(), windowA.save(), windowB.save(), windowA.save(), windowB.save()]);
      assert.deepEqual(warnings, [], 'no write failed');
      assert.deepEqual(fs.readdirSync(folder), ['library-fakeuser.json']);
    });
  });

  it('signing out in one window removes the cached library for good: a window that hears of it later writes it not back', async () => {
    await twoWindows(async (window, folder, warnings) => {
      const [windowA, windowB] = [window(), window()];
      for (const model of [windowA, windowB]) {
        await model.openAccount('fakeuser');
        await model.liked.ensureLoaded();
        await model.save();
      }
      await windowB.liked.loadMore(); // window B has a save coming
      await windowA.forget('fakeuser'); // window A signs out
      const cacheFiles = () => fs.readdirSync(folder).filter((name) => name.endsWith('.json') || name.includes('tmp'));
      assert.deepEqual(cacheFiles(), [], 'the cache is gone');

      // Window B hears of the sign-out only later (secret storage events arrive asynchronously): its save comes first.
      await windowB.save();
      windowB.reset();
      await windowB.flushAndDispose(5_000);
      assert.deepEqual(cacheFiles(), [], 'nothing written back, no temp file left');

      // Signing in again (a model opening the account afresh) caches the library again.
      const windowC = window();
      await windowC.openAccount('fakeuser');
      await windowC.liked.ensureLoaded();
      await windowC.save();
      assert.deepEqual(cacheFiles(), ['library-fakeuser.json']);
      assert.deepEqual(warnings, [], 'no write failed');
    });
  });

  it('a truncated, foreign-shaped or newer cache file costs nothing: ignored, replaced on the next save, and signing out still works', async () => {
    const track = { kind: 'track', id: '4uLU6hMCjMI75M1A2tKUQC', name: 'Song', byline: 'A' };
    const variants: Array<[string, string]> = [
      ['truncated', '{"version":1,"savedAt":1,"liked":{"items":[{"kind":"tr'],
      ['foreign-shaped', JSON.stringify({ version: 1, savedAt: 1, liked: { items: 5, total: 1 }, playlists: { items: [null], total: 1 } })],
      ['newer', JSON.stringify({ version: 99, savedAt: 1, liked: { items: [track], total: 1 } })],
    ];
    for (const [what, text] of variants) {
      await signInFresh(api);
      const file = libraryCacheFile();
      assert.ok(file, 'the cache file is known under this harness');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      api.model.reset(); // a restart: the session sync opens the account from this file
      await api.whenSessionSynced();
      const { rows } = await rowsOf(api, api.tree.likedSongs);
      assert.equal(rows.length, 50, `${what}: Liked Songs loads from Spotify`);
      assert.notEqual(labelOf(api.tree.getTreeItem(rows[0])), 'Song', `${what}: nothing shown from the bad file`);
      await api.model.save();
      const replaced = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; liked: { items: unknown[] } };
      assert.equal(replaced.version, 1, `${what}: replaced on the next save`);
      assert.equal(replaced.liked.items.length, 50);
    }
    await vscode.commands.executeCommand('spotifyLibrary.signOut');
    await api.whenSessionSynced();
    assert.deepEqual(await childrenOf(api), [], 'signed out');
  });

  it('pages the playlist list by requested offsets when Spotify lists null playlists: none twice, none missing', async () => {
    await fake.reset({ playlists: 100 });
    await fake.configure({ nullPlaylistsAt: [3, 60] });
    const expected: string[] = [];
    for (const offset of [0, 50, 100]) {
      const page = await readFakeApi<{ items: Array<{ id: string } | null> }>(`/me/playlists?offset=${offset}&limit=50`);
      expected.push(...page.items.filter((playlist) => playlist !== null).map((playlist) => playlist.id));
    }
    assert.equal(expected.length, 100 + Object.keys(FIXTURE_PLAYLISTS).length - 2, 'every playlist but the two null ones');
    await fake.clearLog();

    await childrenOf(api, api.tree.playlists);
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', api.tree.playlists);
    const children = await childrenOf(api, api.tree.playlists);
    const ids = children.map((node) => (node as { playlist?: { id: string } }).playlist?.id);
    assert.deepEqual(ids, expected, 'every readable playlist once, in Spotify\'s order, and no pager left');
    // Load all asks for its pages in parallel: the log lists them as they end.
    const offsets = (await requestsTo('/v1/me/playlists')).map((request) => Number(request.query.offset));
    assert.deepEqual(offsets.sort((a, b) => a - b), [0, 50, 100]);
  });

  it('lists a playlist through /tracks when the server has no /items (404 "Service not found")', async () => {
    await fake.configure({ itemsEndpointMissing: true });
    await fake.clearLog();
    const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const { rows, tail } = await rowsOf(api, owned);
    assert.equal(rows.length, 50, `the first page, not an error (${tail && labelOf(tail)})`);
    assert.equal(tail?.contextValue, 'spotifyLibrary:loadMore');
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', owned);
    assert.equal((await rowsOf(api, owned)).rows.length, 100);
    const requests = (await requestsTo('/v1/playlists/')).map((request) => `${request.path.replace(FIXTURE_PLAYLISTS.owned120, '{id}')} ${request.status}`);
    assert.deepEqual(requests, ['/v1/playlists/{id}/items 404', '/v1/playlists/{id}/tracks 200', '/v1/playlists/{id}/tracks 200']);
  });

  it('Refresh after three new likes costs one request for Liked Songs and none for an unchanged playlist', async () => {
    const liked = api.tree.likedSongs;
    await rowsOf(api, liked);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', liked);
    const owned = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    await rowsOf(api, owned);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', owned);
    await control('/__fake/library/like', { count: 3 });
    await fake.clearLog();

    await vscode.commands.executeCommand('spotifyLibrary.refresh');

    assert.deepEqual((await requestsTo('/v1/me/tracks')).map((request) => request.query.offset), ['0'], 'Liked Songs: the newest page only');
    assert.equal((await requestsTo('/v1/me/playlists')).length, 1, 'the playlist list is read again');
    assert.deepEqual(await requestsTo('/v1/playlists/'), [], 'an unchanged playlist (same snapshot_id) costs nothing');
    const after = await rowsOf(api, liked);
    assert.equal(after.rows.length, 103, 'the three new likes on top of the 100 loaded');
    assert.equal(after.tail?.description, '103 of 2,003');
    assert.equal((await rowsOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.owned120))).rows.length, 100);
  });
});
