// Find in Library in the real VS Code against the fake Spotify: the quick pick driven through the
// harness as a user would (type, read the rows, Enter), the tree read through the real TreeView.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { fake, fakeUrl, readFakeApi } from './support/fake';
import { clearLibraryCache, libraryApi, signIn, signOut } from './support/session';
import { COLLAPSE_ALL_COMMAND, VIEW_CONTAINER_COMMAND, waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

interface FakeEntry {
  item: { id: string; name: string; artists: Array<{ name: string }>; album: { name: string } } | null;
}

const OWNED_120_NAME = 'Owned 120';

describe('Find in Library (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl || !(await workbenchUiAvailable())) this.skip();
    api = await libraryApi();
    await signOut(api);
    await clearLibraryCache();
    await fake.reset({ playlists: 3 }); // 2,000 liked songs, the fixture playlists and 3 more
    await signIn(api);
  });

  afterEach(async () => {
    await workbench.closeQuickInput();
  });

  after(async () => {
    if (!fakeUrl || !api) return;
    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND).then(undefined, () => undefined);
    await signOut(api);
    await fake.reset();
  });

  it('finds a track of a playlist never opened, one row with every list it is in; Reveal in Library and Enter select it on its page', async () => {
    // Expectations from the fake itself: entries of "Owned 120" past its first page.
    const items = (offset: number) => readFakeApi<{ items: FakeEntry[] }>(`/playlists/${FIXTURE_PLAYLISTS.owned120}/items?offset=${offset}&limit=50`);
    const page = { items: [...(await items(50)).items, ...(await items(100)).items] };
    const liked = new Set<string>();
    for (let offset = 0; offset < 2000; offset += 50) {
      for (const entry of (await readFakeApi<{ items: Array<{ track: { id: string } }> }>(`/me/tracks?limit=50&offset=${offset}`)).items) liked.add(entry.track.id);
    }
    const entries = page.items.map((entry, i) => ({ ...entry.item!, index: 50 + i }));
    const onlyThere = entries.find((e) => !liked.has(e.id) && entries.filter((o) => o.name === e.name).length === 1);
    const alsoLiked = entries.find((e) => liked.has(e.id));
    assert.ok(onlyThere && alsoLiked, 'the fixture has a track only in Owned 120 and one also liked');
    assert.equal(api.model.entriesOf(api.model.playlists.items.find((p) => p.id === FIXTURE_PLAYLISTS.owned120) ?? { id: FIXTURE_PLAYLISTS.owned120, name: '', ownerName: '', collaborative: false }).items.length, 0, 'precondition: Owned 120 never opened');

    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await vscode.commands.executeCommand('spotifyLibrary.find');
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Find in Library'), 'Find in Library');
    await waitFor(async () => api.indexer.progress().complete, 'the indexer to finish', 90_000);
    await workbench.waitForQuickInput((shown) => /liked songs and \d+ playlists indexed/.test(shown.title), 'the title saying the index is whole');

    // Dedupe: the liked one is one row saying where it lives.
    await workbench.type(`${alsoLiked.name} ${alsoLiked.artists[0].name}`);
    const deduped = await workbench.waitForQuickInput((shown) => shown.items.some((item) => item.label === alsoLiked.name), `a row for ${alsoLiked.name}`);
    // A liked song says so (♥), as its rows in the tree do.
    const rows = deduped.items.filter((item) => item.label === alsoLiked.name && item.description.startsWith(`♥ ${alsoLiked.artists[0].name}`));
    assert.equal(rows.length, 1, `one row, got ${JSON.stringify(deduped.items)}`);
    assert.match(rows[0].detail, new RegExp(`^Liked Songs · .*${OWNED_120_NAME}`), 'it says where it lives');

    // Reveal in Library (the row's button): its first place, Liked Songs, on the page it is on.
    const likedIndex = api.model.liked.items.findIndex((track) => track.id === alsoLiked.id);
    await workbench.clickItemButton(alsoLiked.name, 'Reveal in Library');
    await workbench.waitForNoQuickInput();
    await waitFor(() => (api.treeView.selection[0] as { track?: { id?: string } } | undefined)?.track?.id === alsoLiked.id, `${alsoLiked.name} selected`);
    assert.equal(api.treeView.selection[0].parent, api.tree.likedSongs);
    assert.equal(((await api.tree.getChildren(api.tree.likedSongs)) as Array<{ id: string }>)[likedIndex].id, api.treeView.selection[0].id);
    await vscode.commands.executeCommand('spotifyLibrary.find');
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Find in Library'), 'Find in Library again');

    // Grouped by kind: a word in a playlist's name and in song names lists the playlists first, each group under its label.
    const word = api.model.playlists.items
      .flatMap((playlist) => playlist.name.split(' '))
      .find((w) => {
        const kinds = api.indexer.index.query(w).map((g) => g.kind);
        return w.length > 3 && kinds[0] === 'playlist' && kinds.includes('track');
      });
    assert.ok(word, 'a word both a playlist and songs are called by');
    await workbench.type(word);
    const grouped = await workbench.waitForQuickInput(
      (input) => input.value === word && input.items[0]?.separator.startsWith('Playlists') && input.items.some((item) => item.separator.startsWith('Songs')),
      `playlists, then songs, for ${word}`,
    );
    assert.match(grouped.items[0].separator, /^Playlists \(\d+\)$/);
    // Each kind under one label, in a fixed order (playlists, albums, artists, podcasts, songs, episodes).
    const labels = grouped.items.map((item) => item.separator.replace(/ \(\d+\)$/, '')).filter(Boolean);
    assert.deepEqual(labels, [...new Set(labels)], JSON.stringify(grouped.items));
    assert.ok(labels.indexOf('Playlists') < labels.indexOf('Songs'), labels.join());

    // Words in any order, across fields: the artist first, then the title.
    await workbench.type(`${onlyThere.artists[0].name} ${onlyThere.name}`);
    const shown = await workbench.waitForQuickInput((input) => input.items.some((item) => item.label === onlyThere.name), `a row for ${onlyThere.name}`);
    const row = shown.items.find((item) => item.label === onlyThere.name)!;
    assert.equal(row.detail, OWNED_120_NAME);

    // Enter does what a click on the row does: the row, revealed on its page and selected.
    await workbench.pick(onlyThere.name);
    await workbench.waitForNoQuickInput();
    await waitFor(() => (api.treeView.selection[0] as { track?: { id?: string } } | undefined)?.track?.id === onlyThere.id, `${onlyThere.name} selected`);
    const selected = api.treeView.selection[0] as { id: string; track?: { id?: string }; parent?: { playlist?: { id: string } } };
    assert.equal(selected.track?.id, onlyThere.id);
    assert.equal(selected.parent?.playlist?.id, FIXTURE_PLAYLISTS.owned120);
    const children = await api.tree.getChildren(selected.parent as never);
    assert.equal((children as Array<{ id: string }>)[onlyThere.index].id, selected.id, `the row at position ${onlyThere.index}`);
  });

  it('typing to an updated list with 40,000 entries in the index (printed, not asserted)', async () => {
    // 40,000 synthetic entries over the real index: the quick pick and the workbench do the rest.
    const records = Array.from({ length: 40_000 }, (_, i) => ({ uri: `spotify:track:synthetic${i}`, name: `Synthetic ${WORDS[i % WORDS.length]} ${i}`, by: WORDS[(i * 7) % WORDS.length], album: WORDS[(i * 13) % WORDS.length] }));
    api.indexer.index.setList('synthetic', 'Synthetic', records, (r) => ({ kind: 'track', key: r.uri, name: r.name, byline: r.by, album: r.album }));
    try {
      await vscode.commands.executeCommand('spotifyLibrary.find');
      await workbench.waitForQuickInput((shown) => shown.title.startsWith('Find in Library'), 'Find in Library');
      for (const query of ['amber', 'amber cobalt', 'amber cobalt 3999']) {
        const started = performance.now();
        await workbench.type(query);
        await workbench.waitForQuickInput((shown) => shown.value === query && shown.items.length > 0 && shown.items.every((item) => matches(item, query)), `rows for ${query}`);
        console.log(`      [perf] Find, 40,000 entries: typing "${query}" to the updated list: ${(performance.now() - started).toFixed(0)} ms (harness round trips included)`);
      }
    } finally {
      api.indexer.index.removeList('synthetic');
    }
  });
});

describe('Find while the index is still running (real VS Code, fake Spotify with latency)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;
  let latencyMs = 0;

  before(async function () {
    if (!fakeUrl || !(await workbenchUiAvailable())) this.skip();
    api = await libraryApi();
    await signOut(api);
    await clearLibraryCache();
    await fake.reset({ playlists: 3 });
    ({ latencyMs } = await fake.configure({}));
    await fake.configure({ latencyMs: 80 });
    await signIn(api);
  });

  after(async () => {
    if (!fakeUrl || !api) return;
    await workbench.closeQuickInput();
    await fake.configure({ latencyMs });
    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND).then(undefined, () => undefined);
    await signOut(api);
    await fake.reset();
  });

  it('a song of a playlist the index is half way through, never expanded: Enter selects it on its page (issue 20.6)', async () => {
    await vscode.commands.executeCommand(COLLAPSE_ALL_COMMAND).then(undefined, () => undefined);
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await vscode.commands.executeCommand('spotifyLibrary.find');
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Find in Library'), 'Find in Library');
    // A playlist the index has read past its first page, but not to its end.
    const halfIndexed = () => {
      for (const playlist of api.model.playlists.items) {
        const list = api.model.entriesOf(playlist);
        if (!list.isLoaded || !list.hasMore || list.items.length < 120) continue;
        const entries = list.items as ReadonlyArray<{ id?: string; name: string; artists?: Array<{ name: string }> }>;
        // A name no other row of the index has (an album or a liked song of that name would be picked instead).
        const unique = (name: string) => api.indexer.index.query(name, 1000).flatMap((group) => group.rows).filter((row) => row.name === name).length === 1;
        const index = entries.findIndex((entry, i) => i >= 60 && !!entry.id && unique(entry.name));
        if (index >= 0) return { playlist, index, entry: entries[index] };
      }
      return undefined;
    };
    await waitFor(async () => halfIndexed() !== undefined, 'the index half way through a playlist', 90_000);
    const { playlist, index, entry } = halfIndexed()!;
    assert.equal(api.indexer.progress().complete, false, 'the index is still running');

    await workbench.type(`${entry.name} ${entry.artists?.[0]?.name ?? ''}`.trim());
    await workbench.waitForQuickInput((shown) => shown.items.some((item) => item.label === entry.name && item.detail.includes(playlist.name)), `a row for ${entry.name}`);
    await workbench.pick(entry.name);
    await workbench.waitForNoQuickInput();
    await waitFor(() => (api.treeView.selection[0] as { track?: { id?: string } } | undefined)?.track?.id === entry.id, `${entry.name} selected in ${playlist.name}`, 15_000).catch((error: Error) => {
      throw new Error(`${error.message}; selected: ${api.treeView.selection.map((node) => `${node.id} (${(node as { track?: { id?: string } }).track?.id})`).join()}; wanted ${entry.id}`);
    });
    const selected = api.treeView.selection[0] as { id: string; parent?: { playlist?: { id: string } } };
    assert.equal(selected.parent?.playlist?.id, playlist.id);
    const children = (await api.tree.getChildren(selected.parent as never)) as Array<{ id: string }>;
    assert.equal(children[index]?.id, selected.id, `the row at position ${index}`);
  });

  it('a list the index read whole still opens on one page; Load more shows the next without a request (issue 20.7)', async () => {
    await vscode.commands.executeCommand('spotifyLibrary.find'); // starts the index, if the test before did not
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Find in Library'), 'Find in Library');
    await workbench.closeQuickInput();
    await waitFor(async () => api.model.liked.isLoaded && !api.model.liked.hasMore, 'the index to read all of Liked Songs', 100_000);
    assert.ok(api.model.liked.items.length > 1000, `${api.model.liked.items.length} liked songs loaded`);
    const pageSize = vscode.workspace.getConfiguration('spotifyLibrary').get<number>('pageSize', 50);
    const rows = (await api.tree.getChildren(api.tree.likedSongs)) as Array<{ getTreeItem(): vscode.TreeItem }>;
    assert.equal(rows.length, pageSize + 1, 'one page and the Load more row');
    const more = rows[rows.length - 1].getTreeItem();
    assert.match(more.label as string, /^Load \d+ more$/);
    await fake.clearLog();
    // The Load more row's own command, with what a click passes.
    await vscode.commands.executeCommand(more.command!.command, ...((more.command!.arguments ?? []) as unknown[]));
    const next = (await api.tree.getChildren(api.tree.likedSongs)) ?? [];
    assert.equal(next.length, 2 * pageSize + 1);
    assert.equal((await fake.log()).filter((entry) => entry.path.startsWith('/v1/me/tracks')).length, 0, 'no request: the page was read already');
  });
});

const WORDS = ['amber', 'cobalt', 'crimson', 'dusk', 'ember', 'fjord', 'glacier', 'harbor', 'indigo', 'jade', 'kelp', 'lumen', 'meadow'];

/** A row (or a group separator) that fits the query: every word somewhere in what it shows. */
function matches(item: { label: string; description: string; detail: string }, query: string): boolean {
  const text = `${item.label} ${item.description} ${item.detail}`.toLowerCase();
  return query.split(' ').every((word) => text.includes(word));
}
