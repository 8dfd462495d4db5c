// Albums, Artists, Podcasts and Your Episodes beside Liked Songs and Playlists, in the real extension
// host against the fake Spotify: paging (offset and cursor), the cache after a restart, cheap
// revalidation, what each row says, Grant Access for a missing scope, and hidden sections.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { formatReleaseDate } from '../../src/views/format';
import { fake, fakeUrl, requestsTo } from './support/fake';
import { fakeSections, readFakeSections, SECTION_FIXTURES, SECTION_NAMES, SECTIONS_READ_SCOPES } from './support/fakeSections';
import { clearLibraryCache, libraryApi, signIn, signOut } from './support/session';
import { childrenOf, itemOf, labelOf, type LibraryNode, themeIconId, tooltipOf, VIEW_CONTAINER_COMMAND, waitFor } from './support/tree';
import { ExtensionLogReader, workbench, workbenchUiAvailable } from './support/workbench';

type Json = Record<string, unknown>;
type Section = 'albums' | 'artists' | 'shows' | 'episodes';

interface SectionCase {
  section: Section;
  label: string;
  path: string;
  total: number;
  /** The names Spotify lists on the first page, read straight from the fake. */
  firstNames(): Promise<string[]>;
}

const names = (items: unknown[], key?: string) => items.map((item) => String(((key ? (item as Json)[key] : item) as Json).name));

const CASES: SectionCase[] = [
  { section: 'albums', label: 'Albums', path: '/v1/me/albums', total: 500, firstNames: async () => names((await readFakeSections<{ items: Json[] }>('/me/albums?limit=50')).items, 'album') },
  {
    section: 'artists',
    label: 'Artists',
    path: '/v1/me/following',
    total: 300,
    firstNames: async () => names((await readFakeSections<{ artists: { items: Json[] } }>('/me/following?type=artist&limit=50')).artists.items),
  },
  { section: 'shows', label: 'Podcasts', path: '/v1/me/shows', total: 80, firstNames: async () => names((await readFakeSections<{ items: Json[] }>('/me/shows?limit=50')).items, 'show') },
  { section: 'episodes', label: 'Your Episodes', path: '/v1/me/episodes', total: 120, firstNames: async () => names((await readFakeSections<{ items: Json[] }>('/me/episodes?limit=50')).items, 'episode') },
];

/** The rows of a list (not the pager, a notice or an error). */
async function rows(api: LibraryExtensionApi, node: LibraryNode): Promise<{ rows: LibraryNode[]; tail?: vscode.TreeItem; children: LibraryNode[] }> {
  const children = await childrenOf(api, node);
  const isRow = (child: LibraryNode) => !/^spotifyLibrary:(loadMore|notice|error|scope)\b/.test(itemOf(api, child).contextValue ?? '');
  const last = children[children.length - 1];
  return { rows: children.filter(isRow), tail: last && !isRow(last) ? itemOf(api, last) : undefined, children };
}

function root(api: LibraryExtensionApi, section: Section | 'liked' | 'playlists'): LibraryNode {
  return (api.tree as unknown as { roots: Record<string, LibraryNode> }).roots[section];
}

async function signInWithSections(api: LibraryExtensionApi, scopes = SECTIONS_READ_SCOPES.split(' ')): Promise<vscode.AuthenticationSession> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  await fake.configure({ autoApprove: true });
  const session = await api.auth.createSession(scopes);
  await api.whenSessionSynced();
  return session;
}

async function listIdle(api: LibraryExtensionApi, section: Section): Promise<void> {
  const list = (api.model as unknown as { section(id: string): { isLoading: boolean } }).section(section);
  await waitFor(() => !list.isLoading, `${section} idle`, 20_000);
}

describe('Your whole Library: Albums, Artists, Podcasts, Your Episodes (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
    // Shown, as a user sees it: a restored library is revalidated only once the window is in use (WindowUse).
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
  });

  beforeEach(async () => {
    await signInWithSections(api);
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('spotifyLibrary').update('sections', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!fakeUrl) return;
    await signOut(api);
    await fake.reset();
  });

  it('shows the six sections in the Spotify app’s order, each with its count before the click (one request while drawn, none more to expand)', async () => {
    await fake.clearLog();
    const roots = await childrenOf(api);
    assert.deepEqual(roots.map((node) => labelOf(itemOf(api, node))), ['Liked Songs', 'Playlists', 'Albums', 'Artists', 'Podcasts', 'Your Episodes']);
    assert.deepEqual(roots.slice(2).map((node) => themeIconId(itemOf(api, node))), ['record', 'person', 'broadcast', 'bookmark']);
    for (const { section, total, path } of CASES) {
      await waitFor(() => itemOf(api, root(api, section)).description === total.toLocaleString('en-US'), `the count of ${section} on its collapsed row`);
      for (let redraw = 0; redraw < 3; redraw++) itemOf(api, root(api, section));
      await childrenOf(api, root(api, section));
      assert.equal((await requestsTo(path)).length, 1, `${section}: one request for its count and first page`);
    }
  });

  for (const testCase of CASES) {
    it(`${testCase.label}: the first page after one request, then Load more and Load All, no entry twice`, async () => {
      const expected = await testCase.firstNames();
      await fake.clearLog();
      const node = root(api, testCase.section);

      let shown = await rows(api, node);
      assert.equal((await requestsTo(testCase.path)).length, 1, 'one request for the first page');
      assert.deepEqual(shown.rows.map((row) => labelOf(itemOf(api, row))), expected);
      assert.equal(labelOf(shown.tail!), `Load ${Math.min(50, testCase.total - 50)} more`);
      assert.equal(shown.tail!.description, `50 of ${testCase.total.toLocaleString('en-US')}`);
      assert.deepEqual(shown.tail!.command?.arguments, [node], 'the pager acts on its parent');

      await vscode.commands.executeCommand(shown.tail!.command.command, ...(shown.tail!.command.arguments ?? []));
      shown = await rows(api, node);
      const second = Math.min(100, testCase.total);
      assert.equal(shown.rows.length, second);
      if (second < testCase.total) assert.equal(shown.tail!.description, `${second} of ${testCase.total.toLocaleString('en-US')}`);

      await vscode.commands.executeCommand('spotifyLibrary.loadAll', node);
      shown = await rows(api, node);
      assert.equal(shown.rows.length, testCase.total);
      assert.equal(shown.tail, undefined, 'no pager once all is loaded');
      assert.equal(new Set(shown.rows.map((row) => row.id)).size, testCase.total, 'no entry twice');
      const requests = await requestsTo(testCase.path);
      assert.equal(requests.length, Math.ceil(testCase.total / 50), 'every page asked for once');
      if (testCase.section === 'artists') {
        // Cursor paging: each page after the first names the last artist of the page before.
        const afters = requests.map((request) => request.query.after);
        assert.equal(afters[0], undefined);
        assert.equal(new Set(afters.slice(1)).size, afters.length - 1, 'every cursor once');
        assert.ok(afters.slice(1).every(Boolean), 'every later page by cursor');
      } else {
        assert.equal(new Set(requests.map((request) => request.query.offset)).size, requests.length, 'no page twice');
      }
    });
  }

  it('restores every section from the cache after a restart with no request before it renders, then revalidates cheaply', async () => {
    for (const { section } of CASES) await rows(api, root(api, section));
    await api.model.save();
    api.model.reset(); // a restart: the session sync opens the account from the cache
    await fake.configure({ latencyMs: 1500 });
    await fake.clearLog();
    await api.whenSessionSynced();
    for (const { section, path, total } of CASES) {
      const shown = await rows(api, root(api, section));
      assert.equal(shown.rows.length, 50, `${section}: the cached page shows`);
      assert.equal(shown.tail?.description, `50 of ${total.toLocaleString('en-US')}`);
      assert.equal((await requestsTo(path)).length, 0, `${section}: no answer waited for`);
    }
    await fake.configure({ latencyMs: 20 });
    for (const { section } of CASES) await listIdle(api, section);
    for (const { path } of CASES) assert.equal((await requestsTo(path)).length, 1, `${path}: an unchanged list costs one request`);
  });

  it('Refresh after three new saves costs one request per newest-first section; unchanged followed artists cost their first page', async () => {
    // Two pages each (Podcasts: all 80), so that re-reading what was loaded would cost more than one request.
    for (const { section } of CASES) {
      await rows(api, root(api, section));
      await vscode.commands.executeCommand('spotifyLibrary.loadMore', root(api, section));
    }
    await fakeSections.saveAlbums(3);
    await fakeSections.saveShows(3);
    await fakeSections.saveEpisodes(3);
    await fake.clearLog();

    await vscode.commands.executeCommand('spotifyLibrary.refresh');

    for (const { section, path, total } of CASES) {
      const requests = await requestsTo(path);
      assert.deepEqual(requests.map((request) => request.query.offset ?? '0'), ['0'], `${section}: one request`);
      const shown = await rows(api, root(api, section));
      const added = section === 'artists' ? 0 : 3;
      const loaded = Math.min(100, total);
      assert.equal(shown.rows.length, loaded + added, `${section}: the new ones on top`);
      if (loaded < total) assert.equal(shown.tail?.description, `${loaded + added} of ${(total + added).toLocaleString('en-US')}`);
    }
    const newest = (await readFakeSections<{ items: Json[] }>('/me/albums?limit=3')).items;
    assert.deepEqual((await rows(api, root(api, 'albums'))).rows.slice(0, 3).map((row) => labelOf(itemOf(api, row))), names(newest, 'album'));
  });

  it('a podcast’s episodes come from the cache after a restart, then one request brings the new one', async () => {
    const showOf = async () => (await rows(api, root(api, 'shows'))).rows.find((node) => (node as unknown as { show: { id: string } }).show.id === SECTION_FIXTURES.bigShow)!;
    await rows(api, await showOf());
    await api.model.save();
    api.model.reset();
    await fakeSections.publish(SECTION_FIXTURES.bigShow, 1);
    await fake.configure({ latencyMs: 1500 });
    await fake.clearLog();
    await api.whenSessionSynced();
    const cached = await rows(api, await showOf());
    assert.equal(cached.rows.length, 50, 'the cached episodes show');
    assert.deepEqual(await requestsTo(`/v1/shows/${SECTION_FIXTURES.bigShow}`), [], 'no answer waited for');
    await fake.configure({ latencyMs: 20 });
    const episodes = (api.model as unknown as { childList(kind: string, parent: { id: string }): { isLoading: boolean } }).childList('showEpisodes', { id: SECTION_FIXTURES.bigShow });
    await waitFor(() => !episodes.isLoading, 'the episodes revalidated', 20_000);
    assert.equal((await requestsTo(`/v1/shows/${SECTION_FIXTURES.bigShow}/episodes`)).length, 1, 'one request for the new episode');
    const fresh = await rows(api, await showOf());
    assert.equal(fresh.rows.length, 51, 'the new episode on top');
  });

  it('an album expands to its tracks from the saved answer: no request up to 50 tracks; more by /albums/{id}/tracks, in disc/track order', async () => {
    const albums = (await rows(api, root(api, 'albums'))).rows as Array<LibraryNode & { album: { id: string; totalTracks: number } }>;
    await fake.clearLog();
    const small = albums.find((album) => album.album.totalTracks <= 50 && album.album.id !== SECTION_FIXTURES.markdownAlbum)!;
    const smallItem = itemOf(api, small);
    assert.match(String(smallItem.description), new RegExp(`^.+ · \\d{4} · ${small.album.totalTracks} tracks?$`), 'artists · year · tracks');
    assert.ok(smallItem.iconPath instanceof vscode.Uri, 'its cover, from the saved answer');
    const tracks = await rows(api, small);
    assert.equal(tracks.rows.length, small.album.totalTracks);
    assert.equal(tracks.tail, undefined);
    assert.deepEqual(await requestsTo('/v1/albums/'), [], 'the inline page, no request');
    assert.match(labelOf(itemOf(api, tracks.rows[0])), /^1\. /);

    const big = albums.find((album) => album.album.id === SECTION_FIXTURES.multiDiscAlbum)!;
    let bigTracks = await rows(api, big);
    assert.equal(bigTracks.rows.length, 50);
    assert.deepEqual(await requestsTo('/v1/albums/'), [], 'the first 50 of 150 came inline');
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', big);
    bigTracks = await rows(api, big);
    assert.equal(bigTracks.rows.length, 150);
    // Load All sends the pages side by side: they may arrive in either order.
    const offsets = (await requestsTo(`/v1/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks`)).map((r) => Number(r.query.offset));
    assert.deepEqual(offsets.sort((a, b) => a - b), [50, 100]);
    const expected = await readFakeSections<{ items: Array<{ track_number: number; disc_number: number; name: string }> }>(`/albums/${SECTION_FIXTURES.multiDiscAlbum}/tracks?offset=50&limit=50`);
    const row60 = itemOf(api, bigTracks.rows[60]);
    const track60 = expected.items[10];
    assert.equal(labelOf(row60), `${track60.track_number}. ${track60.name}`);
    assert.match(String(row60.description), new RegExp(`^disc ${track60.disc_number} · `));
  });

  it('an artist expands to their albums, or says why not on the node with Open in Spotify', async () => {
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', root(api, 'artists'));
    const artists = (await rows(api, root(api, 'artists'))).rows as Array<LibraryNode & { artist: { id: string; name: string } }>;
    const byId = (id: string) => artists.find((artist) => artist.artist.id === id)!;

    const refusing = await childrenOf(api, byId(SECTION_FIXTURES.refusingArtist));
    assert.equal(refusing.length, 1);
    const refusal = itemOf(api, refusing[0]);
    assert.equal(labelOf(refusal), 'Albums hidden by Spotify');
    assert.match(tooltipOf(refusal), /refused to list this artist’s albums/);
    assert.equal(refusal.contextValue, 'spotifyLibrary:notice:opens');
    assert.equal(refusal.command?.command, 'spotifyLibrary.openInSpotify');
    assert.deepEqual(refusing[0].openTarget(), { url: `https://open.spotify.com/artist/${SECTION_FIXTURES.refusingArtist}`, uri: `spotify:artist:${SECTION_FIXTURES.refusingArtist}` });

    const empty = await childrenOf(api, byId(SECTION_FIXTURES.emptyArtist));
    assert.equal(labelOf(itemOf(api, empty[0])), 'No albums shown to apps');
    assert.match(tooltipOf(itemOf(api, empty[0])), /no albums of this artist/);
    assert.equal(itemOf(api, empty[0]).command?.command, 'spotifyLibrary.openInSpotify');

    const markdown = byId(SECTION_FIXTURES.markdownArtist);
    assert.equal(labelOf(itemOf(api, markdown)), SECTION_NAMES.markdownArtist);
    const tooltip = (itemOf(api, markdown).tooltip as vscode.MarkdownString).value;
    assert.ok(!tooltip.includes('<b>') && !tooltip.includes('[Co]('), `escaped: ${tooltip}`);
    const albums = await rows(api, markdown);
    assert.ok(albums.rows.length > 0, 'albums listed');
    assert.equal(itemOf(api, albums.rows[0]).contextValue, 'spotifyLibrary:album:linked+pageable');
  });

  it('a podcast expands to its episodes newest first, with release date, length and where the user left off', async () => {
    const shows = (await rows(api, root(api, 'shows'))).rows;
    const big = shows.find((show) => (show as unknown as { show: { id: string } }).show.id === SECTION_FIXTURES.bigShow)!;
    assert.equal(itemOf(api, big).description, '400 episodes');
    const expected = (await readFakeSections<{ items: Array<{ name: string; duration_ms: number; release_date: string }> }>(`/shows/${SECTION_FIXTURES.bigShow}/episodes?limit=50`)).items;
    const episodes = await rows(api, big);
    assert.deepEqual(episodes.rows.map((row) => labelOf(itemOf(api, row))), expected.map((episode) => episode.name));
    const partly = itemOf(api, episodes.rows[2]);
    const left = Math.ceil((expected[2].duration_ms - 754_000) / 60_000);
    // The release date formatted as albums' are ("Mar 3, 2024"), not Spotify's ISO date.
    const released = formatReleaseDate(expected[2].release_date)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.doesNotMatch(String(partly.description), /\d{4}-\d{2}-\d{2}/, 'no raw ISO date');
    assert.match(String(partly.description), new RegExp(`^${released} · .+ · ${left} min left$`));
    assert.match(String(itemOf(api, episodes.rows[3]).description), / · played$/);
    assert.doesNotMatch(String(itemOf(api, episodes.rows[1]).description), /left|played/, 'no resume point, nothing said');
    assert.equal(itemOf(api, episodes.rows[0]).contextValue, 'spotifyLibrary:episode:linked');

    // Open/Copy on every kind: show, episode.
    await vscode.commands.executeCommand('spotifyLibrary.copyUri', big);
    assert.equal(await vscode.env.clipboard.readText(), `spotify:show:${SECTION_FIXTURES.bigShow}`);
    await vscode.commands.executeCommand('spotifyLibrary.copyLink', episodes.rows[2]);
    assert.equal(await vscode.env.clipboard.readText(), `https://open.spotify.com/episode/${SECTION_FIXTURES.partlyPlayedEpisode}`);
  });

  it('a missing scope: the node says what Spotify must allow, Grant Access reaches VS Code’s prompt, a session with it loads the node; the library stays', async () => {
    // A session from before the sections: no user-follow-read.
    await signOut(api);
    await clearLibraryCache();
    await fake.reset();
    await signIn(api);
    const signOuts: unknown[] = [];
    const listener = api.auth.onDidSignOut((event) => signOuts.push(event));
    try {
      const liked = await childrenOf(api, api.tree.likedSongs);
      await fake.clearLog();
      const children = await childrenOf(api, root(api, 'artists'));
      assert.equal(children.length, 1);
      const notice = itemOf(api, children[0]);
      assert.equal(labelOf(notice), 'Permission needed');
      assert.match(tooltipOf(notice), /^Spotify must allow this app to see the artists you follow\. /);
      assert.equal(notice.description, 'Grant Access');
      assert.equal(notice.contextValue, 'spotifyLibrary:scope');
      assert.equal(notice.command?.command, 'spotifyLibrary.grantAccess');
      assert.deepEqual(await requestsTo('/v1/me/following'), [], 'no request Spotify would refuse');

      // The command asks VS Code for a session with the added scope: VS Code's consent prompt first.
      const log = ExtensionLogReader.fromNow();
      const granted = vscode.commands.executeCommand(notice.command.command, ...((notice.command.arguments ?? []) as unknown[]));
      const dialog = await workbench.dialog(3000).catch(() => undefined);
      if (dialog) {
        assert.equal(dialog.message, "The extension 'Library for Spotify' wants to sign in using Spotify.");
        await workbench.answerDialog('Cancel');
      } else if (log) {
        const [refused] = await log.matching(/Grant Access ended without the new permission/);
        assert.match(refused, /refused to show dialog in tests\. Contents: The extension 'Library for Spotify' wants to sign in using Spotify\./);
      }
      await granted;
      assert.ok(await api.auth.currentSession(), 'still signed in');

      // What Allow leads to: the provider's createSession with the added scope (Spotify's consent page).
      const before = await api.auth.currentSession();
      await fake.configure({ autoApprove: true });
      await api.auth.createSession([...SPOTIFY_SCOPES, 'user-follow-read']);
      await api.whenSessionSynced();
      const after = await api.auth.currentSession();
      assert.equal(after?.id, before?.id, 'the same session, with more scopes');
      assert.ok(after?.scopes.includes('user-follow-read'));
      await listIdle(api, 'artists');
      const artists = await rows(api, root(api, 'artists'));
      assert.equal(artists.rows.length, 50, 'the node loaded');
      assert.equal((await childrenOf(api, api.tree.likedSongs)).length, liked.length, 'the library stayed');
      assert.deepEqual(signOuts, [], 'never signed out');
    } finally {
      listener.dispose();
    }
  });

  it('a hidden section makes no request, even when the cache holds it', async () => {
    // Everything loaded and cached while shown; then two sections hidden, a restart and a Refresh.
    for (const node of await childrenOf(api)) await childrenOf(api, node);
    await api.model.save();
    await vscode.workspace.getConfiguration('spotifyLibrary').update('sections', ['shows', 'liked', 'playlists', 'albums'], vscode.ConfigurationTarget.Global);
    const roots = await childrenOf(api);
    assert.deepEqual(roots.map((node) => labelOf(itemOf(api, node))), ['Podcasts', 'Liked Songs', 'Playlists', 'Albums'], 'the setting’s order');
    api.model.reset();
    await fake.clearLog();
    await api.whenSessionSynced();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    assert.equal((await requestsTo('/v1/me/albums')).length, 1, 'a shown section is revalidated');
    assert.deepEqual(await requestsTo('/v1/me/episodes'), [], 'Your Episodes is hidden: no request');
    assert.deepEqual(await requestsTo('/v1/me/following'), [], 'Artists is hidden: no request');
  });

  it('Show/Hide Sections... offers every section in a QuickPick, shown ones first in their order', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    await vscode.workspace.getConfiguration('spotifyLibrary').update('sections', ['albums', 'liked'], vscode.ConfigurationTarget.Global);
    const picking = vscode.commands.executeCommand('spotifyLibrary.showHideSections');
    const shown = await workbench.waitForQuickInput((input) => input.title === 'Show/Hide Sections', 'Show/Hide Sections');
    assert.deepEqual(shown.items.map((item) => item.label), ['Albums', 'Liked Songs', 'Playlists', 'Artists', 'Podcasts', 'Your Episodes', 'Recently Played']);
    await workbench.closeQuickInput();
    await picking;
    assert.deepEqual(vscode.workspace.getConfiguration('spotifyLibrary').get('sections'), ['albums', 'liked'], 'dismissed: unchanged');
  });
});
