// Search Spotify in the real extension host against the fake Spotify: what typing costs (one
// request a pause, none for a query typed again), More pages on with offsets 10 and 20, a result
// liked from the pick shows in Liked Songs, an album result browses in Search Results, and what
// Spotify finds nothing for or refuses is a line in the pick.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { TYPING_PAUSE_MS } from '../../src/library/catalogSearch';
import type { LibraryExtensionApi } from '../../src/extension';
import { SEARCH_COUNTS, SEARCH_FIXTURES, SEARCH_NAMES, SEARCH_WORD_TRACKS } from '../fake-spotify/searchFixtures';
import { control, fake, fakeLikedPage, fakeUrl, readFakeApi, requestsTo } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { childrenOf, itemOf, labelOf, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

const pause = () => new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS * 2));

describe('Search Spotify (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl || !(await workbenchUiAvailable())) this.skip();
    api = await libraryApi();
  });

  beforeEach(async () => {
    await signOut(api);
    await clearLibraryCache();
    await fake.reset({ liked: 60, playlists: 2 });
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, 'user-library-modify']);
    await api.whenSessionSynced();
    await fake.clearLog();
  });

  afterEach(async () => {
    await workbench.closeQuickInput();
    await fake.clearFaults();
    api.client.gate.reset();
    await vscode.commands.executeCommand('spotifyLibrary.closeSearchResults');
  });

  const searches = async () => (await requestsTo('/v1/search')).map((entry) => entry.query);
  const opened = () => workbench.waitForQuickInput((shown) => shown.title === 'Search Spotify', 'the search');

  it('typing a character at a time costs one request a pause, none for a query typed again; More pages on with offsets 10 and 20', async () => {
    void vscode.commands.executeCommand('spotifyLibrary.searchSpotify');
    await opened();
    await workbench.pressKeys('z', 'e', 'p', 'h');
    await waitFor(async () => (await searches()).length === 1, 'the first search');
    await pause();
    await workbench.pressKeys('y', 'r');
    const shown = await workbench.waitForQuickInput((input) => input.items.some((item) => item.separator.startsWith(`Songs (${SEARCH_WORD_TRACKS})`)), 'the songs of “zephyr”');
    assert.ok(shown.items.some((item) => item.label === SEARCH_NAMES.markdownTrack || item.label.includes('Zephyr')), JSON.stringify(shown.items.slice(0, 5)));
    await pause();
    assert.deepEqual((await searches()).map((query) => [query.q, query.offset, query.limit]), [['zeph', '0', '10'], ['zephyr', '0', '10']], 'one request per pause, 10 a page');
    assert.equal((await searches())[1].type, 'track,album,artist,playlist,show,episode', 'every kind in the one request');

    // Back to an earlier query: answered from the session's cache.
    await workbench.pressKeys('Backspace', 'Backspace');
    await pause();
    await workbench.pressKeys('y', 'r');
    await pause();
    assert.equal((await searches()).length, 2, 'no request for a query typed again');

    await workbench.pick('More Songs');
    await waitFor(async () => (await searches()).length === 3, 'the second page');
    // The pick stays on the first new song: ten rows down is More Songs again.
    await workbench.pressKeys(...Array<string>(10).fill('ArrowDown'), 'Enter');
    await waitFor(async () => (await searches()).length === 4, 'the third page');
    assert.deepEqual((await searches()).slice(2).map((query) => [query.type, query.offset, query.limit]), [['track', '10', '10'], ['track', '20', '10']]);
  });

  it('a song liked from the pick shows in Liked Songs; an album opens in Search Results and browses its tracks', async () => {
    void vscode.commands.executeCommand('spotifyLibrary.searchSpotify', 'zephyr');
    await workbench.waitForQuickInput((input) => input.items.some((item) => item.separator.startsWith('Albums (')), 'the results');
    const song = (await workbench.quickInput())!.items.find((item) => item.separator.startsWith('Songs ('))!;
    await workbench.clickItemButton(song.label, 'Like');
    await waitFor(async () => (await fake.log()).some((entry) => entry.method === 'PUT' && entry.path === '/v1/me/library'), 'the like sent');
    const likes = (await fake.log()).filter((entry) => entry.method === 'PUT' && entry.path === '/v1/me/library');
    assert.equal(likes.length, 1, 'one write');
    const [first] = await childrenOf(api, api.tree.likedSongs);
    assert.equal(labelOf(itemOf(api, first)), song.label, 'on top of Liked Songs');

    await workbench.pick(SEARCH_NAMES.album);
    const label = (node: Parameters<typeof itemOf>[1]) => labelOf(itemOf(api, node));
    await waitFor(async () => {
      const [first] = await childrenOf(api, undefined);
      return !!first && label(first) === 'Search Results';
    }, 'Search Results on top of the view');
    const [results] = await childrenOf(api, undefined);
    const [album] = await childrenOf(api, results);
    assert.equal(label(album), SEARCH_NAMES.album);
    const tracks = await childrenOf(api, album);
    assert.equal(tracks.length, SEARCH_COUNTS.albumTracks, tracks.map(label).join());

    await vscode.commands.executeCommand('spotifyLibrary.closeSearchResults');
    const after = await childrenOf(api, undefined);
    assert.ok(after.every((node) => label(node) !== 'Search Results'), 'closed');
  });

  it('Go to Album on a song reveals the album where it is saved; Go to Artist opens one not followed in Search Results', async () => {
    const label = (node: Parameters<typeof itemOf>[1]) => labelOf(itemOf(api, node));
    const { items } = await readFakeApi<{ items: Array<{ id: string; name: string }> }>(`/albums/${SEARCH_FIXTURES.album}/tracks?limit=1`);
    // A song as Search Spotify shows it: its row knows the names of its album and artist, not their ids.
    const song = api.tree.searchResults.nodeFor({ kind: 'track', track: { kind: 'track', id: items[0].id, name: items[0].name, byline: SEARCH_NAMES.artist } });
    // The album saved on the phone; the artist is not followed.
    const { access_token: token } = await control<{ access_token: string }>('/__fake/tokens/issue', { scope: 'user-library-modify' });
    const saved = await fetch(`${fakeUrl}/v1/me/library?uris=spotify:album:${SEARCH_FIXTURES.album}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(saved.status, 200);

    await vscode.commands.executeCommand('spotifyLibrary.goToAlbum', song);
    await waitFor(() => api.treeView.selection[0]?.link()?.uri === `spotify:album:${SEARCH_FIXTURES.album}`, 'the album selected');
    assert.equal(api.treeView.selection[0].parent?.id, 'albums', 'in Albums, where it is saved');

    await vscode.commands.executeCommand('spotifyLibrary.goToArtist', song);
    await waitFor(() => api.treeView.selection[0]?.link()?.uri === `spotify:artist:${SEARCH_FIXTURES.artist}`, 'the artist selected');
    assert.equal(api.treeView.selection[0].parent?.id, 'searchResults', 'in Search Results');
    assert.equal(label(api.treeView.selection[0]), SEARCH_NAMES.artist);
  });

  it('a result already in the library says so: a liked song shows ♥ Liked', async () => {
    const [liked] = (await fakeLikedPage(0, 5)).filter((track) => track.id && !/[$:]/.test(track.name));
    await childrenOf(api, api.tree.likedSongs); // Liked Songs loaded: the library knows the song is liked
    void vscode.commands.executeCommand('spotifyLibrary.searchSpotify', `song: ${liked.name}`);
    const shown = await workbench.waitForQuickInput((input) => input.items.some((item) => item.label === liked.name), `“${liked.name}” found`);
    const row = shown.items.find((item) => item.label === liked.name)!;
    assert.match(row.detail, /♥ Liked/, JSON.stringify(row));
  });

  it('nothing found and a rate limit are lines in the pick, not notifications', async () => {
    await workbench.clearNotifications();
    void vscode.commands.executeCommand('spotifyLibrary.searchSpotify', 'qqxxzzvv');
    await workbench.waitForQuickInput((input) => input.items.some((item) => item.label.includes('Nothing on Spotify matches “qqxxzzvv”')), 'the empty answer');
    await fake.setFaults({ rateLimit: { retryAfterSeconds: 3600, pathPrefix: '/v1/search' } });
    await workbench.type('blue');
    await workbench.waitForQuickInput((input) => input.items.some((item) => item.label.includes('Spotify did not answer the search')), 'the refusal as a line');
    const toasts = (await workbench.notifications()).filter((n) => !n.progress);
    assert.deepEqual(toasts, [], 'no toast (the sign-in’s own progress aside)');
  });
});
