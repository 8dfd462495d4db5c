// Back Up Library, Restore from Backup and Import Playlist from File in the real extension host
// against the fake Spotify: files written only where a list changed, what the phone lost put back,
// and other tools' exports imported with every line that names nothing reported.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { AutoBackup, type AutoBackupOutcome } from '../../src/commands/autoBackup';
import type { BackupResult } from '../../src/commands/backupCommands';
import { silentLogger } from '../../src/common/logger';
import type { LibraryExtensionApi } from '../../src/extension';
import { parseImport } from '../../src/library/backupImport';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { control, fake, fakeLikedPage, fakeUrl, readFakeApi } from './support/fake';
import { clearLibraryCache, libraryApi, signOut } from './support/session';
import { waitFor } from './support/tree';
import { workbench, workbenchUiAvailable } from './support/workbench';

const WRITE_SCOPES = ['user-library-modify', 'playlist-modify-private', 'playlist-modify-public', 'user-follow-modify'];
const PLAYLIST = FIXTURE_PLAYLISTS.owned120;

async function fakePlaylistUris(playlistId: string): Promise<string[]> {
  const uris: string[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await readFakeApi<{ items: Array<{ item?: { uri: string } | null; track?: { uri: string } | null }>; total: number }>(`/playlists/${playlistId}/items?offset=${offset}&limit=50`);
    uris.push(...page.items.map((entry) => (entry.item ?? entry.track)?.uri ?? ''));
    if (offset + 50 >= page.total) return uris;
  }
}

function mtimes(folder: string): Record<string, number> {
  return Object.fromEntries(fs.readdirSync(folder).map((name) => [name, fs.statSync(path.join(folder, name)).mtimeMs]));
}

describe('Back up, restore and import (real VS Code, fake Spotify)', function () {
  this.timeout(180_000);
  let api: LibraryExtensionApi;

  before(async function () {
    if (!fakeUrl) this.skip();
    api = await libraryApi();
  });

  async function freshLibrary(liked: number): Promise<void> {
    await signOut(api);
    await clearLibraryCache();
    await fake.reset({ liked, playlists: 2 });
    await fake.configure({ autoApprove: true });
    await api.auth.createSession([...SPOTIFY_SCOPES, ...WRITE_SCOPES]);
    await api.whenSessionSynced();
  }

  beforeEach(() => freshLibrary(120));

  afterEach(async () => {
    await fake.clearFaults();
    api.client.gate.reset();
  });

  afterEach(async () => {
    await workbench.closeQuickInput();
    await workbench.clearNotifications();
  });

  it('Back Up Library: one file per list and an index; again unchanged, no file changes; Restore puts back what the phone removed', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spotify-backup-'));
    const original = await fakePlaylistUris(PLAYLIST);

    const first = await vscode.commands.executeCommand<BackupResult>('spotifyLibrary.backUpLibrary', { folder: vscode.Uri.file(folder), format: 'text' });
    assert.ok(first && first.lists > 5, JSON.stringify(first));
    const files = fs.readdirSync(folder).sort();
    assert.ok(files.includes('library.json') && files.includes('liked-songs.spotify-playlist'), files.join());
    const playlistFile = files.find((name) => name.includes(PLAYLIST));
    assert.ok(playlistFile, `a file named by the playlist's id: ${files.join()}`);
    assert.deepEqual(parseImport(fs.readFileSync(path.join(folder, playlistFile), 'utf8'), playlistFile).uris, original, 'the playlist as Spotify has it, in order');
    const index = JSON.parse(fs.readFileSync(path.join(folder, 'library.json'), 'utf8')) as { lists: Array<{ id?: string; snapshotId?: string; count: number }> };
    assert.equal(index.lists.find((list) => list.id === PLAYLIST)?.count, 120);

    const before = mtimes(folder);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await vscode.commands.executeCommand<BackupResult>('spotifyLibrary.backUpLibrary', { folder: vscode.Uri.file(folder), format: 'text' });
    assert.deepEqual(second?.written, [], 'nothing written');
    assert.deepEqual(mtimes(folder), before, 'no file touched');

    // On the phone: three entries gone.
    const gone = [original[5], original[6], original[40]].filter((uri) => original.indexOf(uri) === original.lastIndexOf(uri));
    await control(`/__fake/playlists/${PLAYLIST}/edit`, { remove: gone });
    // And an album removed from the library there.
    const album = api.model.section('albums').items[0];
    assert.ok(album?.id, 'the backup holds albums');
    const { access_token: token } = await control<{ access_token: string }>('/__fake/tokens/issue', { scope: 'user-library-read user-library-modify' });
    const albumUri = `spotify:album:${album.id}`;
    const libraryCall = (method: string, path: string) => fetch(`${fakeUrl}/v1${path}?uris=${albumUri}`, { method, headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await libraryCall('DELETE', '/me/library')).status, 200);
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await waitFor(() => api.model.playlistById(PLAYLIST)?.total === 120 - gone.length, 'the tree knows');
    await fake.clearLog();

    const restoring = vscode.commands.executeCommand('spotifyLibrary.restoreFromBackup', { folder: vscode.Uri.file(folder), confirmed: true });
    const preview = await workbench.waitForQuickInput((shown) => shown.title.startsWith('Restore from Backup of'), 'the preview', 60_000);
    assert.ok(preview.items.some((item) => item.label.includes(`Put ${gone.length} entries back into “Owned 120”`)), JSON.stringify(preview.items));
    assert.ok(preview.items.some((item) => item.label.includes('Save 1 album again')), JSON.stringify(preview.items));
    await workbench.accept();
    await restoring;
    await waitFor(async () => (await fakePlaylistUris(PLAYLIST)).length === 120, 'the entries back on Spotify');
    assert.deepEqual(await fakePlaylistUris(PLAYLIST), original, 'each at its place');
    await waitFor(async () => ((await (await libraryCall('GET', '/me/library/contains')).json()) as boolean[])[0] === true, 'the album saved again on Spotify');
    const writes = (await fake.log()).filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/v1/playlists/'));
    assert.ok(writes.every((entry) => entry.method === 'POST'), `adds only: ${writes.map((entry) => entry.method).join()}`);
  });

  it('Compare with Backup shows a playlist emptied and one deleted; Restore asks first, then brings both back with every entry in order', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const folder = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'spotify-backup-')));
    const emptied = PLAYLIST;
    const deleted = FIXTURE_PLAYLISTS.edgeCases;
    const [emptiedBefore, deletedBefore] = [await fakePlaylistUris(emptied), await fakePlaylistUris(deleted)];
    await vscode.commands.executeCommand('spotifyLibrary.backUpLibrary', { folder, format: 'csv' });
    const deletedName = api.model.playlistById(deleted)?.name;
    assert.ok(deletedName, 'the playlist to delete is in the library');

    // On the phone: one playlist emptied, another deleted.
    await control(`/__fake/playlists/${emptied}/edit`, { remove: [...new Set(emptiedBefore)] });
    const { access_token: token } = await control<{ access_token: string }>('/__fake/tokens/issue', { scope: 'playlist-modify-private playlist-modify-public' });
    const unfollow = await fetch(`${fakeUrl}/v1/me/library?uris=spotify:playlist:${deleted}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(unfollow.status, 200);
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await waitFor(() => !api.model.playlistById(deleted) && api.model.playlistById(emptied)?.total === 0, 'the tree knows');

    const comparing = vscode.commands.executeCommand('spotifyLibrary.compareWithBackup', undefined, { folder });
    const summary = await workbench.waitForQuickInput((shown) => shown.title.startsWith('Compare with Backup of'), 'the summary', 60_000);
    const labels = summary.items.map((item) => `${item.label} | ${item.description ?? ''}`);
    assert.ok(labels.some((label) => label.includes(deletedName) && label.includes(`gone: ${deletedBefore.length} entries`)), JSON.stringify(labels));
    assert.ok(labels.some((label) => label.includes('Owned 120') && label.includes('emptied: 120 entries')), JSON.stringify(labels));
    await workbench.closeQuickInput();
    await comparing;

    // Without the user's yes (VS Code refuses the modal under extension tests) nothing is written.
    await fake.clearLog();
    const refused = vscode.commands.executeCommand('spotifyLibrary.restoreFromBackup', { folder });
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Restore from Backup of'), 'the preview', 60_000);
    await workbench.accept();
    await assert.rejects(Promise.resolve(refused), /refused to show dialog in tests\. Contents: Write this to the Spotify account “Fake Listener”\?/);
    assert.deepEqual((await fake.log()).filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`), [], 'nothing written without the yes');

    const restoring = vscode.commands.executeCommand('spotifyLibrary.restoreFromBackup', { folder, confirmed: true });
    const preview = await workbench.waitForQuickInput((shown) => shown.title.startsWith('Restore from Backup of'), 'the preview', 60_000);
    assert.ok(preview.items.some((item) => item.label.includes(`Bring Back “${deletedName}”`)), JSON.stringify(preview.items));
    assert.ok(preview.items.some((item) => item.label.includes('Put 120 entries back into “Owned 120”')), JSON.stringify(preview.items));
    await workbench.accept();
    await restoring;
    await waitFor(async () => (await fakePlaylistUris(emptied)).length === 120, 'the entries back on Spotify');
    assert.deepEqual(await fakePlaylistUris(emptied), emptiedBefore, 'every entry, in order');
    assert.deepEqual(await fakePlaylistUris(deleted), deletedBefore, 'the deleted one back with its entries');
    await waitFor(() => api.model.playlistById(deleted)?.name === deletedName, 'the deleted playlist back in the tree, with its id');
    const writes = (await fake.log()).filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`);
    assert.ok(!writes.some((write) => write.startsWith('POST /v1/me/playlists')), `followed again, not made anew: ${writes.join()}`);
  });

  it('an import of 250 songs cut by a Retry-After of hours says how far it got; run again, it adds only the rest: 3 add calls in all, nothing twice', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    await freshLibrary(260);
    const songs: Array<{ name: string; uri: string }> = [];
    for (let offset = 0; songs.length < 250; offset += 50) songs.push(...(await fakeLikedPage(offset, 50)).filter((track) => track.id));
    songs.length = 250;
    // Exportify's columns, Excel's BOM, and a cell a spreadsheet would run as a formula.
    const rows = songs.map((song, at) => `"${at === 3 ? '=HYPERLINK(""http://evil.example"")' : song.name.replace(/"/g, '""')}","${song.uri}","x"`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'Long Drive.csv');
    fs.writeFileSync(file, `\uFEFF"Track Name","Track URI","Artist Name(s)"\n${rows.join('\n')}\n`);
    await fake.setFaults({ rateLimit: { after: 2, count: 1, retryAfterSeconds: 3 * 3600, pathPrefix: '/v1/playlists/', method: 'POST' } });
    await fake.clearLog();

    const first = vscode.commands.executeCommand('spotifyLibrary.importPlaylist', vscode.Uri.file(file));
    await workbench.waitForQuickInput((shown) => shown.title.startsWith('Import 250 songs from Long Drive.csv'), 'where to');
    await workbench.pick('New Playlist “Long Drive”');
    await first;
    const stopped = await workbench.notifications('Imported 200 of 250 songs into “Long Drive”', 10_000);
    assert.ok(stopped.some((n) => n.message.includes('Import Long Drive.csv again to add the rest')), JSON.stringify(stopped));
    const created = api.model.playlists.items.find((playlist) => playlist.name === 'Long Drive');
    assert.ok(created, 'the new playlist is in the tree');
    // Hours later (a restart: the scheduler starts afresh), the same file again.
    await fake.clearFaults();
    api.client.gate.reset();
    assert.deepEqual(await fakePlaylistUris(created.id), songs.slice(0, 200).map((song) => song.uri));
    await workbench.clearNotifications();
    const again = vscode.commands.executeCommand('spotifyLibrary.importPlaylist', vscode.Uri.file(file));
    const where = await workbench.waitForQuickInput((shown) => shown.title.startsWith('Import 250 songs from Long Drive.csv'), 'where to, again');
    assert.ok(where.items[0]?.label.includes('Continue the Import into “Long Drive”'), JSON.stringify(where.items.map((item) => item.label)));
    await workbench.pick('Continue the Import into “Long Drive”');
    await again;
    assert.deepEqual(await fakePlaylistUris(created.id), songs.map((song) => song.uri), 'all 250, in order, none twice');
    const adds = (await fake.log()).filter((entry) => entry.method === 'POST' && entry.path.startsWith('/v1/playlists/') && entry.status < 400);
    assert.equal(adds.length, 3, `ceil(250 / 100) add calls: ${adds.map((entry) => entry.path).join()}`);

    // Finished, the file no longer offers to continue.
    const third = vscode.commands.executeCommand('spotifyLibrary.importPlaylist', vscode.Uri.file(file));
    const fresh = await workbench.waitForQuickInput((shown) => shown.title.startsWith('Import 250 songs from Long Drive.csv'), 'where to, after');
    assert.ok(!fresh.items.some((item) => item.label.includes('Continue the Import')), JSON.stringify(fresh.items.map((item) => item.label)));
    await workbench.closeQuickInput();
    await third;
  });

  it('automatic backup (daily) in two windows due at once: one backs up, the other does not; neither again that day; the next day one does', async function () {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spotify-backup-'));
    const sharedStorage = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'global-storage-')));
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    await settings.update('backup.folder', folder, vscode.ConfigurationTarget.Global);
    await settings.update('backup.auto', 'daily', vscode.ConfigurationTarget.Global);
    const clock = { now: Date.now() };
    const backedUpBy: string[] = [];
    let idle = true;
    const windowOf = (windowId: string) =>
      new AutoBackup({
        stateFolder: sharedStorage,
        windowId,
        signedIn: () => true,
        idle: () => idle,
        now: () => clock.now,
        logger: silentLogger,
        backUp: async (into, format) => {
          backedUpBy.push(windowId);
          return vscode.commands.executeCommand<BackupResult>('spotifyLibrary.backUpLibrary', { folder: into, format, automatic: true });
        },
      });
    const [windowA, windowB] = [windowOf('A'), windowOf('B')];
    try {
      idle = false;
      assert.deepEqual(await Promise.all([windowA.tick(), windowB.tick()]), ['notIdle', 'notIdle'], 'not while the user works in the window');
      idle = true;
      const outcomes = await Promise.all([windowA.tick(), windowB.tick()]);
      assert.deepEqual([...outcomes].sort(), ['done', 'heldElsewhere'] satisfies AutoBackupOutcome[], JSON.stringify(outcomes));
      assert.equal(backedUpBy.length, 1, `one window backed up: ${backedUpBy.join()}`);
      const files = fs.readdirSync(folder);
      assert.ok(files.includes('library.json') && files.some((name) => name.includes(PLAYLIST)), files.join());

      clock.now += 3_600_000;
      assert.deepEqual(await Promise.all([windowA.tick(), windowB.tick()]), ['notDue', 'notDue'], 'an hour later: done for today, in either window');
      clock.now += 24 * 3_600_000;
      const nextDay = await Promise.all([windowB.tick(), windowA.tick()]);
      assert.deepEqual([...nextDay].sort(), ['done', 'heldElsewhere'], JSON.stringify(nextDay));
      assert.equal(backedUpBy.length, 2);
    } finally {
      windowA.dispose();
      windowB.dispose();
      await settings.update('backup.auto', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('backup.folder', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a malformed backup writes nothing: a list file that does not parse is left out, named with its line; a broken index and a 50 MB file are refused', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spotify-backup-'));
    await vscode.commands.executeCommand('spotifyLibrary.backUpLibrary', { folder: vscode.Uri.file(folder), format: 'csv' });
    const playlistFile = fs.readdirSync(folder).find((name) => name.includes(PLAYLIST))!;
    // Cut off inside a quoted cell, as a sync tool or an editor crash leaves it.
    const csv = fs.readFileSync(path.join(folder, playlistFile), 'utf8');
    fs.writeFileSync(path.join(folder, playlistFile), csv.slice(0, csv.indexOf('"', csv.indexOf('\n', 2000)) + 5));
    const original = await fakePlaylistUris(PLAYLIST);
    await control(`/__fake/playlists/${PLAYLIST}/edit`, { remove: [original[3]] });
    await vscode.commands.executeCommand('spotifyLibrary.refresh');
    await workbench.clearNotifications();
    await fake.clearLog();

    await vscode.commands.executeCommand('spotifyLibrary.restoreFromBackup', { folder: vscode.Uri.file(folder), confirmed: true });
    const leftOut = await workbench.notifications('Left out of the restore', 10_000);
    assert.ok(leftOut.some((n) => n.message.includes(playlistFile) && /line \d+: A quoted cell is not closed/.test(n.message)), JSON.stringify(leftOut));
    await workbench.closeQuickInput();
    fs.writeFileSync(path.join(folder, 'library.json'), '{"format": 1, "account": ');
    await vscode.commands.executeCommand('spotifyLibrary.restoreFromBackup', { folder: vscode.Uri.file(folder), confirmed: true });
    assert.ok((await workbench.notifications('library.json is missing or unreadable', 10_000)).length > 0);

    const huge = path.join(folder, 'huge.csv');
    fs.writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 'spotify:track:4uLU6hMCjMI75M1A2tKUQC\n'));
    await vscode.commands.executeCommand('spotifyLibrary.importPlaylist', vscode.Uri.file(huge));
    assert.ok((await workbench.notifications('huge.csv is 50 MB, more than a backup or playlist file can be', 10_000)).length > 0);
    fs.rmSync(huge);
    assert.deepEqual((await fake.log()).filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`), [], 'nothing written to Spotify');
  });

  it('Import Playlist from File: an Exportify CSV (BOM, “;”, any column order) into a new playlist; a line naming nothing is reported with its number', async function () {
    if (!(await workbenchUiAvailable())) this.skip();
    const songs = (await fakeLikedPage(0, 5)).filter((track) => track.id);
    const csv = `\uFEFF"Track Name";"Track URI";"Artist Name(s)"\n${songs.map((song) => `"${song.name.replace(/"/g, '""')}";"${song.uri}";"x"`).join('\n')}\n"Not a song";"spotify:album:4uLU6hMCjMI75M1A2tKUQC";"y"\n`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'Road Trip.csv');
    fs.writeFileSync(file, csv);

    const importing = vscode.commands.executeCommand('spotifyLibrary.importPlaylist', vscode.Uri.file(file));
    const where = await workbench.waitForQuickInput((shown) => shown.title.startsWith(`Import ${songs.length} songs from Road Trip.csv`), 'where to');
    assert.ok(where.items.some((item) => item.label === 'Owned 120'), `the user's playlists to append to, also before Playlists was opened: ${JSON.stringify(where.items.map((item) => item.label))}`);
    await workbench.pick('New Playlist “Road Trip”');
    await importing;
    const shown = await workbench.notifications('names no Spotify song or episode', 10_000);
    assert.ok(shown.some((n) => /line 7/.test(n.message)), JSON.stringify(shown));
    const created = api.model.playlists.items[0];
    assert.equal(created.name, 'Road Trip');
    assert.deepEqual(await fakePlaylistUris(created.id), songs.map((song) => song.uri));
  });
});
