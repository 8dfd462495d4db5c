// Curating in the real extension host against the fake Spotify: Like from a playlist row, Add to
// Playlist... on 120 selected songs with the duplicate question, Remove from This Playlist with
// Undo, a refused write rolled back, and a session without the write scopes asking for them first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import type { LibraryExtensionApi } from '../../src/extension';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { control, fake, fakeUrl, readFakeApi, requestsTo, type LogEntry } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { childrenOf, itemMenuEntries, itemOf, type LibraryNode, playlistRow, rowsOf, runItemMenuCommand, themeIconId, type TrackRow, waitFor } from './support/tree';
import { declineGrantAccess, workbench, workbenchUiAvailable } from './support/workbench';

const WRITE_SCOPES = ['user-library-modify', 'playlist-modify-private', 'playlist-modify-public', 'user-follow-modify'];

async function signInWith(api: LibraryExtensionApi, scopes: readonly string[]): Promise<void> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  await fake.configure({ autoApprove: true });
  await api.auth.createSession([...scopes]);
  await api.whenSessionSynced();
}

function uriOf(row: TrackRow): string {
  return `spotify:${row.track.kind}:${row.track.id}`;
}

/** The context-menu command of several selected rows, as the workbench runs it: the clicked row and the selection. */
async function runOnSelection(api: LibraryExtensionApi, command: string, rows: LibraryNode[]): Promise<void> {
  const entry = itemMenuEntries(itemOf(api, rows[0]).contextValue ?? '', 'context').find((candidate) => candidate.command === command);
  assert.ok(entry, `the context menu of ${itemOf(api, rows[0]).contextValue} offers ${command}`);
  await vscode.commands.executeCommand(entry.command, rows[0], rows);
}

async function fakePlaylistUris(playlistId: string): Promise<string[]> {
  const uris: string[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await readFakeApi<{ items: Array<{ item: { uri: string } | null }>; total: number }>(`/playlists/${playlistId}/items?offset=${offset}&limit=50`);
    uris.push(...page.items.map((entry) => entry.item?.uri ?? ''));
    if (offset + 50 >= page.total) return uris;
  }
}

async function likedOnSpotify(uri: string): Promise<boolean> {
  return (await readFakeApi<boolean[]>(`/me/library/contains?uris=${uri}`))[0];
}

/** What Spotify's contains says, with a token that may read every kind. */
async function spotifySays(uri: string): Promise<boolean[]> {
  const { access_token: token } = await control<{ access_token: string }>('/__fake/tokens/issue', { scope: 'user-library-read user-follow-read playlist-read-private' });
  const response = await fetch(`${fakeUrl}/v1/me/library/contains?uris=${uri}`, { headers: { Authorization: `Bearer ${token}` } });
  return (await response.json()) as boolean[];
}

/** The first song of the rows the user does not like, as Spotify says. */
async function firstUnliked(rows: TrackRow[]): Promise<TrackRow> {
  const songs = rows.filter((row) => row.track.kind === 'track' && row.track.id).slice(0, 40);
  const answer = await readFakeApi<boolean[]>(`/me/library/contains?uris=${songs.map(uriOf).join(',')}`);
  const song = songs.find((_, i) => !answer[i]);
  assert.ok(song, 'a song of the playlist that is not liked');
  return song;
}

const writes = (log: LogEntry[]) => log.filter((entry) => entry.method !== 'GET');

describe('Curating: Like, Add to Playlist..., Remove from This Playlist (real VS Code, fake Spotify)', function () {
  this.timeout(120_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  afterEach(async () => {
    await fake.clearFaults();
    await workbench.closeQuickInput();
    await workbench.clearNotifications();
  });

  after(async () => {
    if (!fakeUrl) return;
    await signOut(api);
    await fake.reset();
  });

  it('Like on a playlist row: the song is on top of Liked Songs at once, marked liked in the playlist, and the next refresh downloads nothing again', async () => {
    await signInWith(api, [...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await childrenOf(api, api.tree.likedSongs);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    assert.equal(api.model.liked.items.length, 150);
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    await fake.clearLog();
    const { rows } = await rowsOf(api, playlist);
    const song = await firstUnliked(rows);

    // Songs liked on Spotify show as liked: what Liked Songs holds at once, the rest from one contains request, asked only for those.
    const shownLiked = new Set(api.model.liked.items.map((track) => track.id));
    const answers = await readFakeApi<boolean[]>(`/me/library/contains?uris=${rows.map(uriOf).slice(0, 40).join(',')}`);
    const likedElsewhere = rows.slice(0, 40).find((row, i) => answers[i] && !shownLiked.has(row.track.id));
    assert.ok(likedElsewhere, 'a song liked on Spotify that Liked Songs has not loaded');
    await waitFor(async () => {
      const row = (await rowsOf(api, playlist)).rows.find((candidate) => candidate.track.id === likedElsewhere.track.id);
      return !!row && /^♥ /.test(String(itemOf(api, row).description));
    }, 'the liked marker from Spotify’s answer');
    // The test's own questions (firstUnliked's and the one above) are in the log too: left out.
    const ownQuestions = new Set([rows.map(uriOf).slice(0, 40).join(','), rows.filter((row) => row.track.kind === 'track' && row.track.id).slice(0, 40).map(uriOf).join(',')]);
    const asked = (await requestsTo('/v1/me/library/contains')).filter((entry) => !ownQuestions.has(entry.query.uris)).flatMap((entry) => entry.query.uris.split(','));
    assert.ok(asked.length > 0 && asked.every((uri) => !shownLiked.has(uri.slice('spotify:track:'.length))), 'asked only about songs Liked Songs does not show');
    assert.doesNotMatch(itemOf(api, song).contextValue ?? '', /\+liked\b/);
    await fake.clearLog();

    await runItemMenuCommand(api, song, 'context', 'spotifyLibrary.like');

    const liked = await rowsOf(api, api.tree.likedSongs);
    assert.equal(liked.rows[0].track.id, song.track.id, 'on top of Liked Songs');
    assert.equal(liked.rows.length, 151);
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2,001');
    const log = await fake.log();
    assert.deepEqual(writes(log).map((entry) => `${entry.method} ${entry.path} ${entry.query.uris}`), [`PUT /v1/me/library ${uriOf(song)}`]);
    assert.deepEqual(log.filter((entry) => entry.path === '/v1/me/tracks'), [], 'Liked Songs not downloaded again');
    assert.ok(await likedOnSpotify(uriOf(song)));
    const again = (await rowsOf(api, playlist)).rows.find((row) => row.track.id === song.track.id)!;
    assert.match(itemOf(api, again).contextValue ?? '', /\+liked\b/, 'the playlist row now offers Remove from Liked Songs');
    assert.match(String(itemOf(api, again).description), /^♥ /);
    // Where a long name cannot push it out of sight at the default width: the row's icon.
    assert.equal(themeIconId(itemOf(api, again)), 'heart-filled');

    // Spotify's answer reconciles it: one request for the newest likes, the 150 rows stay.
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    assert.equal((await requestsTo('/v1/me/tracks')).length, 1, 'the revalidation found the like it already showed');
    assert.equal(api.model.liked.items.length, 151);
    assert.equal(api.model.liked.items[0].id, song.track.id);
  });

  it('Add to Playlist... on 120 selected songs: asks about the 2 already there, adds in two requests (100 + 20), stores the new snapshot_id', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    await signInWith(api, [...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await childrenOf(api, api.tree.likedSongs);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    await vscode.commands.executeCommand('spotifyLibrary.loadMore', api.tree.likedSongs);
    const selection = (await rowsOf(api, api.tree.likedSongs)).rows.slice(0, 120);
    assert.equal(selection.length, 120);
    await control(`/__fake/playlists/${FIXTURE_PLAYLISTS.empty}/add`, { uris: [uriOf(selection[5]), uriOf(selection[70])] });
    const target = await playlistRow(api, FIXTURE_PLAYLISTS.empty);
    await fake.clearLog();

    const adding = runOnSelection(api, 'spotifyLibrary.addToPlaylist', selection);
    const picker = await workbench.waitForQuickInput((input) => input.title === 'Add 120 songs to Playlist', 'the playlist picker');
    assert.equal(picker.items[0].label, 'New Playlist...');
    const offered = picker.items.map((item) => item.label);
    assert.ok(offered.includes('Owned 120') && offered.includes('Shared With Friends'), 'own and collaborative playlists');
    assert.ok(!offered.includes('Followed Curator Picks') && !offered.includes("Today's Top Hits"), 'none the user may not edit');
    await workbench.pick('Empty');
    const question = await workbench.waitForQuickInput((input) => input.title === '2 of them are already in “Empty”', 'the duplicate question');
    assert.deepEqual(question.items.map((item) => item.label), ['Skip Those', 'Add Anyway']);
    await workbench.pick('Add Anyway');
    await adding;

    const posts = writes(await fake.log());
    assert.deepEqual(posts.map((entry) => `${entry.method} ${entry.path}`), [`POST /v1/playlists/${FIXTURE_PLAYLISTS.empty}/items`, `POST /v1/playlists/${FIXTURE_PLAYLISTS.empty}/items`]);
    assert.deepEqual(posts.map((entry) => (entry.body as { uris: string[] }).uris.length), [100, 20]);
    assert.deepEqual(await fakePlaylistUris(FIXTURE_PLAYLISTS.empty), [uriOf(selection[5]), uriOf(selection[70]), ...selection.map(uriOf)]);
    assert.equal(itemOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.empty)).description, '122 tracks');
    // Never expanded: it opens on its first page (issue 20.7), every entry there without a request.
    const shownRows = (await rowsOf(api, target)).rows;
    assert.equal(shownRows.length, 50, 'the first page');
    assert.equal(api.model.entriesOf((target as unknown as { playlist: Parameters<typeof api.model.entriesOf>[0] }).playlist).items.length, 122, 'the playlist holds them at once');

    // The snapshot_id the last add returned is the playlist's: a refresh downloads none of its entries.
    const stored = api.model.playlistById(FIXTURE_PLAYLISTS.empty)?.snapshotId;
    const onSpotify = (await readFakeApi<{ snapshot_id: string }>(`/playlists/${FIXTURE_PLAYLISTS.empty}`)).snapshot_id;
    assert.equal(stored, onSpotify);
    await fake.clearLog();
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    assert.deepEqual(await requestsTo(`/v1/playlists/${FIXTURE_PLAYLISTS.empty}/items`), []);

    // All of them there already: no "Skip Those, add the other 0"; Add Anyway or Escape, which adds nothing.
    await fake.clearLog();
    const second = runOnSelection(api, 'spotifyLibrary.addToPlaylist', selection.slice(0, 3));
    await workbench.waitForQuickInput((input) => input.title === 'Add 3 songs to Playlist', 'the playlist picker');
    assert.equal((await workbench.quickInput())?.items.find((item) => item.label !== 'New Playlist...' && item.label !== '')?.label, 'Empty', 'the playlist added to last comes first');
    await workbench.pick('Empty');
    const allThere = await workbench.waitForQuickInput((input) => input.title === 'All 3 are already in “Empty”', 'the duplicate question');
    assert.deepEqual(allThere.items.map((item) => item.label), ['Add Anyway']);
    await workbench.closeQuickInput();
    await second;
    assert.deepEqual(writes(await fake.log()), [], 'nothing added');
  });

  it('Add to Playlist... → New Playlist...: a private playlist, on top of Playlists at once, with the songs in it', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    await signInWith(api, [...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    const songs = (await rowsOf(api, api.tree.likedSongs)).rows.slice(0, 2);
    const before = (await childrenOf(api, api.tree.playlists)).length;
    await fake.clearLog();

    const adding = runOnSelection(api, 'spotifyLibrary.addToPlaylist', songs);
    await workbench.waitForQuickInput((input) => input.title === 'Add 2 songs to Playlist', 'the playlist picker');
    await workbench.pick('New Playlist...');
    await workbench.waitForQuickInput((input) => input.title === 'New Playlist', 'the name box');
    await workbench.type('Made in VS Code', { accept: true });
    await adding;

    const [create, add] = writes(await fake.log());
    assert.equal(`${create.method} ${create.path}`, 'POST /v1/me/playlists');
    assert.deepEqual(create.body, { name: 'Made in VS Code', public: false });
    const playlists = await childrenOf(api, api.tree.playlists);
    assert.equal(playlists.length, before + 1);
    const created = playlists[0] as LibraryNode & { playlist: { id: string; name: string } };
    assert.equal(created.playlist.name, 'Made in VS Code', 'on top, as Spotify lists a new playlist');
    assert.equal(itemOf(api, created).description, '2 tracks');
    assert.equal(`${add.method} ${add.path}`, `POST /v1/playlists/${created.playlist.id}/items`);
    assert.deepEqual(await fakePlaylistUris(created.playlist.id), songs.map(uriOf));
  });

  it('Remove from This Playlist: gone at once and on Spotify; Undo on the notification puts each back at its place', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    await signInWith(api, [...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    await childrenOf(api, playlist);
    await vscode.commands.executeCommand('spotifyLibrary.loadAll', playlist);
    const before = (await rowsOf(api, playlist)).rows;
    assert.equal(before.length, 120);
    const original = await fakePlaylistUris(FIXTURE_PLAYLISTS.owned120);
    const once = (index: number) => original.filter((uri) => uri === original[index]).length === 1;
    const positions = [3, 4, 10].map((wanted) => {
      let at = wanted;
      while (!once(at)) at++;
      return at;
    });
    const selected = positions.map((at) => before[at]);
    await fake.clearLog();

    await runOnSelection(api, 'spotifyLibrary.removeFromPlaylist', selected);

    assert.equal((await rowsOf(api, playlist)).rows.length, 117);
    assert.equal(itemOf(api, await playlistRow(api, FIXTURE_PLAYLISTS.owned120)).description, '117 tracks');
    const [removal] = writes(await fake.log());
    assert.equal(removal.method, 'DELETE');
    assert.deepEqual((removal.body as { items: unknown[] }).items, selected.map((row) => ({ uri: uriOf(row) })));
    assert.ok((removal.body as { snapshot_id?: string }).snapshot_id, 'sent with the snapshot_id it was loaded at');
    assert.equal((await fakePlaylistUris(FIXTURE_PLAYLISTS.owned120)).length, 117);

    await fake.clearLog();
    await workbench.notifications('Removed 3 songs from “Owned 120”.');
    await workbench.clickNotificationButton('Removed 3 songs from “Owned 120”.', 'Undo');
    await waitFor(async () => (await fakePlaylistUris(FIXTURE_PLAYLISTS.owned120)).length === 120, 'the entries back on Spotify');
    await waitFor(() => api.model.playlistById(FIXTURE_PLAYLISTS.owned120)?.total === 120, 'the tree caught up');
    assert.deepEqual(await fakePlaylistUris(FIXTURE_PLAYLISTS.owned120), original, 'each back at its place');
    const restored = (await rowsOf(api, playlist)).rows;
    assert.deepEqual(restored.map(uriOf), original, 'the tree in the same order');
    const posts = writes(await fake.log()).map((entry) => entry.body as { uris: string[]; position: number });
    const expected = positions[1] === positions[0] + 1 ? [[positions[0], 2], [positions[2], 1]] : positions.map((at) => [at, 1]);
    assert.deepEqual(posts.map((body) => [body.position, body.uris.length]), expected, 'consecutive entries in one request');
  });

  it('Remove from Your Library on a saved album, Unfollow on an artist: gone at once and on Spotify; Save puts the album back on top', async () => {
    await signInWith(api, [...SPOTIFY_SCOPES, 'user-follow-read', ...WRITE_SCOPES]);
    const roots = (api.tree as unknown as { roots: Record<string, LibraryNode> }).roots;
    const albums = await childrenOf(api, roots.albums);
    const album = albums[1] as LibraryNode & { album: { id: string; name: string } };
    assert.match(itemOf(api, album).contextValue ?? '', /\+saved\b/);
    const albumUri = `spotify:album:${album.album.id}`;
    await fake.clearLog();

    await runItemMenuCommand(api, album, 'context', 'spotifyLibrary.removeFromLibrary');

    assert.ok(!(await childrenOf(api, roots.albums)).some((node) => node.id === album.id), 'gone from Albums at once');
    assert.equal(itemOf(api, roots.albums).description, '499');
    assert.deepEqual(writes(await fake.log()).map((entry) => `${entry.method} ${entry.query.uris}`), [`DELETE ${albumUri}`]);
    assert.deepEqual(await spotifySays(albumUri), [false]);
    assert.doesNotMatch(itemOf(api, album).contextValue ?? '', /\+saved\b/, 'the row now offers Save');

    await runItemMenuCommand(api, album, 'context', 'spotifyLibrary.saveToLibrary');
    assert.equal(((await childrenOf(api, roots.albums))[0] as typeof album).album.id, album.album.id, 'on top, newest saved first');
    assert.deepEqual(await spotifySays(albumUri), [true]);

    const artists = await childrenOf(api, roots.artists);
    const artist = artists[0] as LibraryNode & { artist: { id: string } };
    assert.match(itemOf(api, artist).contextValue ?? '', /\+followed\b/);
    await runItemMenuCommand(api, artist, 'context', 'spotifyLibrary.unfollow');
    assert.ok(!(await childrenOf(api, roots.artists)).some((node) => node.id === artist.id), 'gone from Artists at once');
    assert.deepEqual(await spotifySays(`spotify:artist:${artist.artist.id}`), [false]);
  });

  it('a write Spotify fails (503) is rolled back and says why, with Retry', async function () {
    await signInWith(api, [...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await childrenOf(api, api.tree.likedSongs);
    const topBefore = api.model.liked.items[0].id;
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const { rows } = await rowsOf(api, playlist);
    const song = await firstUnliked(rows);
    await fake.setFaults({ serverErrors: { status: 503, pathPrefix: '/v1/me/library' } });
    await fake.clearLog();

    await runItemMenuCommand(api, song, 'context', 'spotifyLibrary.like');

    assert.ok(writes(await fake.log()).length >= 1, 'Spotify was asked');
    assert.equal(api.model.liked.items[0].id, topBefore, 'Liked Songs as it was');
    assert.equal((await rowsOf(api, api.tree.likedSongs)).rows.length, 50);
    assert.equal(itemOf(api, api.tree.likedSongs).description, '2,000');
    const row = (await rowsOf(api, playlist)).rows.find((candidate) => candidate.track.id === song.track.id)!;
    assert.doesNotMatch(itemOf(api, row).contextValue ?? '', /\+liked\b/, 'not shown as liked');
    await fake.clearFaults();
    assert.equal(await likedOnSpotify(uriOf(song)), false);
    if (await workbenchUiAvailable()) {
      const [shown] = await workbench.notifications('Could not add');
      assert.equal(shown.severity, 'error');
      assert.equal(shown.message, `Could not add “${song.track.name}” to Liked Songs: Spotify is having trouble (HTTP 503). Retry in a moment. Nothing changed.`);
      assert.deepEqual(shown.buttons, ['Retry']);
      await workbench.clickNotificationButton('Could not add', 'Retry');
      await waitFor(() => api.model.liked.items[0]?.id === song.track.id, 'liked after Retry');
      assert.ok(await likedOnSpotify(uriOf(song)));
    }
  });

  it('a session without the write scopes asks for them first (Grant Access), changes nothing until then, and likes once granted', async () => {
    await signInWith(api, SPOTIFY_SCOPES);
    await childrenOf(api, api.tree.likedSongs);
    const playlist = await playlistRow(api, FIXTURE_PLAYLISTS.owned120);
    const { rows } = await rowsOf(api, playlist);
    const song = await firstUnliked(rows);
    const sessionBefore = await api.auth.currentSession();
    await fake.clearLog();

    await declineGrantAccess(() => vscode.commands.executeCommand('spotifyLibrary.like', song));
    assert.deepEqual(writes(await fake.log()), [], 'no write Spotify would refuse');
    assert.notEqual(api.model.liked.items[0].id, song.track.id, 'nothing changed');
    assert.equal((await api.auth.currentSession())?.id, sessionBefore?.id, 'still signed in, same session');

    // What Allow leads to: a session with the added scope; the like then goes through by itself.
    await api.auth.createSession([...SPOTIFY_SCOPES, 'user-library-modify']);
    await api.whenSessionSynced();
    assert.ok((await api.auth.currentSession())?.scopes.includes('user-library-modify'));
    await vscode.commands.executeCommand('spotifyLibrary.like', { uri: uriOf(song) });
    assert.equal(api.model.liked.items[0].id, song.track.id);
    assert.equal(api.model.liked.items[0].name, song.track.name, 'the record the library knows, from the URI alone');
    assert.ok(await likedOnSpotify(uriOf(song)));
  });
});
