// The web build (package.json "browser") in code-server's web worker extension host, the host
// vscode.dev uses: sign-in through the redirect page, the tree's first page, Load more, open and
// copy, against the fake Spotify over CORS. Nothing from Node is available here: fetch only.
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import type { LibraryExtensionApi } from '../../src/extension';
import { FileLibraryCacheStore } from '../../src/library/fileCacheStore';
import type { LibraryNode } from '../../src/views/nodes/libraryNode';

const EXTENSION_ID = 'spotify-library-dev.library-for-spotify';
/** The launcher points the extension at the fake: its accounts base is the fake's address. */
const fakeUrl = vscode.workspace.getConfiguration('spotifyLibrary').get<string>('accountsBaseUrl', '');

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
function checkEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control<T>(route: string, body?: unknown, method?: string): Promise<T> {
  const response = await fetch(`${fakeUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const browserOpens = async () => (await control<{ url: string }[]>('/__fake/browser-opens')).map((open) => open.url);

async function waitForBrowserOpen(matches: (url: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = (await browserOpens()).find(matches);
    if (found) return found;
    await delay(100);
  }
  throw new Error(`the browser never went there; it opened ${JSON.stringify(await browserOpens())}`);
}

interface FakeTrack {
  uri: string;
  external_urls: { spotify?: string };
}
async function fakeLikedPage(offset: number, limit: number): Promise<FakeTrack[]> {
  const { access_token } = await control<{ access_token: string }>('/__fake/tokens/issue', {});
  const response = await fetch(`${fakeUrl}/v1/me/tracks?offset=${offset}&limit=${limit}&market=from_token`, { headers: { Authorization: `Bearer ${access_token}` } });
  const page = (await response.json()) as { items: Array<{ track: FakeTrack }> };
  return page.items.map((item) => item.track);
}

type TrackRow = LibraryNode & { readonly track: { id?: string } };
const isTrackRow = (node: LibraryNode): node is TrackRow => 'track' in node;

describe('Web build in the web worker extension host', function () {
  let api: LibraryExtensionApi;

  before(async () => {
    check(fakeUrl.startsWith('http://127.0.0.1:'), `the launcher configures the fake (${fakeUrl})`);
    const extension = vscode.extensions.getExtension<LibraryExtensionApi>(EXTENSION_ID);
    check(extension, 'the extension is loaded');
    api = await extension.activate();
    await control('/__fake/reset', { revokeTokens: true });
  });

  after(async () => {
    await api?.auth.signOut();
  });

  it('runs the browser entry point in a web worker: no Node here', () => {
    checkEqual(typeof (globalThis as { process?: unknown }).process, 'undefined', 'process');
    checkEqual(typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope, 'function', 'WorkerGlobalScope');
    checkEqual(vscode.env.uiKind, vscode.UIKind.Web, 'uiKind');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    checkEqual((extension.packageJSON as { browser?: unknown }).browser, './dist/web/extension.js', 'the manifest’s browser entry');
  });

  it('signs in through the redirect page (no loopback server can run here)', async () => {
    await control('/__fake/config', { autoApprove: true });
    const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
    checkEqual(session.account.label, 'Fake Listener', 'account');
    await api.whenSessionSynced();
    const opens = (await browserOpens()).map((url) => new URL(url));
    const authorize = opens.find((url) => url.pathname === '/authorize');
    check(authorize, 'the consent page was opened');
    checkEqual(authorize.searchParams.get('redirect_uri'), `${fakeUrl}/redirect`, 'redirect_uri');
    check(opens.some((url) => url.pathname.endsWith('/callback') && url.searchParams.has('code')), 'the redirect page forwarded the code to the workbench');
    check(!opens.some((url) => url.pathname === '/callback'), 'no loopback address');
  });

  it('shows the first page of Liked Songs, and Load more adds the next', async () => {
    const liked = api.tree.likedSongs;
    const first = (await api.tree.getChildren(liked)) ?? [];
    const rows = first.filter(isTrackRow);
    checkEqual(rows.length, 50, 'the first page');
    const pager = api.tree.getTreeItem(first[first.length - 1]);
    checkEqual(pager.contextValue, 'spotifyLibrary:loadMore', 'the last row');
    const expected = await fakeLikedPage(0, 1);
    checkEqual(`spotify:track:${rows[0].track.id}`, expected[0].uri, 'newest liked song first');

    await vscode.commands.executeCommand('spotifyLibrary.loadMore', liked);
    const more = ((await api.tree.getChildren(liked)) ?? []).filter(isTrackRow);
    checkEqual(more.length, 100, 'after Load more');
  });

  it('opens a song in Spotify and copies its link', async () => {
    const [expected] = await fakeLikedPage(0, 1);
    check(expected.external_urls.spotify, 'the fake gives a link');
    const rows = ((await api.tree.getChildren(api.tree.likedSongs)) ?? []).filter(isTrackRow);
    await control('/__fake/browser-opens', undefined, 'DELETE');
    await vscode.commands.executeCommand('spotifyLibrary.openInSpotify', rows[0]);
    await waitForBrowserOpen((url) => url === expected.external_urls.spotify);

    await vscode.commands.executeCommand('spotifyLibrary.copyLink', rows[0]);
    checkEqual(await vscode.env.clipboard.readText(), expected.external_urls.spotify, 'the clipboard');
  });

  it('keeps the library cache with workspace.fs (no Node fs here): save, load, sign-out marker', async () => {
    const folderRoot = vscode.workspace.workspaceFolders?.[0]?.uri;
    check(folderRoot, 'the harness opens a workspace folder');
    const folder = vscode.Uri.joinPath(folderRoot, '.web-cache-test');
    const store = new FileLibraryCacheStore(folder);
    const library = { version: 1 as const, savedAt: Date.now(), liked: api.model.liked.snapshot() };
    const openedAt = Date.now();
    await store.save('fakeuser', library, openedAt);
    const loaded = (await store.load('fakeuser')) as { liked?: { items: unknown[] } };
    checkEqual(loaded.liked?.items.length, 100, 'the saved liked songs');
    await store.delete('fakeuser');
    checkEqual(await store.load('fakeuser'), undefined, 'after sign-out');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });
});
