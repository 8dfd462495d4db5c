import * as vscode from 'vscode';
import { BadResponseError, type SpotifyError } from '../api/errors';
import { CONFIG_SECTION } from '../common/config';
import { findSpotifyLinks } from '../common/spotifyLinks';
import { messageOf } from '../common/errorMessage';
import { ACTION_SCOPES, SECTION_INFO } from '../common/sections';
import { compareLibraries } from '../library/backupCompare';
import { BACKUP_INDEX_FILE, type BackupFormat, type BackupIndex, type BackupList, backupFileName, buildBackupIndex, formatBackupIndex, formatBackupList, readBackupIndex } from '../library/backupFormats';
import { parseImport } from '../library/backupImport';
import type { LibraryIndexer } from '../library/indexer';
import type { PlaylistSaves } from '../library/playlistSave';
import type { AlbumRecord, ArtistRecord, PlaylistRecord, ShowRecord, TrackRecord } from '../library/records';
import { restoredEntries } from '../library/restorePlan';
import type { PlaylistFileSystem } from '../editor/playlistFileSystem';
import { formatCount, formatDate, plainLabel as plain } from '../views/format';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { addToPlaylist, type CurateContext, report, withViewProgress } from './curateCommands';
import { ensureScopes } from './permissions';
import { AutoBackup } from './autoBackup';
import { whenIndexed, whenIndexedInBackground } from './wholeLibrary';

export const BACKUP_COMMANDS = {
  backUp: 'spotifyLibrary.backUpLibrary',
  compare: 'spotifyLibrary.compareWithBackup',
  restore: 'spotifyLibrary.restoreFromBackup',
  importPlaylist: 'spotifyLibrary.importPlaylist',
} as const;

const FOLDER_SETTING = 'backup.folder';
const FORMAT_SETTING = 'backup.format';

interface BackupContext extends CurateContext {
  readonly saves: PlaylistSaves;
  readonly indexer: LibraryIndexer;
  readonly files: PlaylistFileSystem;
  /** Global storage: where the automatic backup's one-window-at-a-time lease lives. */
  readonly stateFolder: vscode.Uri;
  /** The signed-in account's session: its name goes into the index and the restore's question. */
  readonly session: () => Promise<vscode.AuthenticationSession | undefined>;
}

/** Options a test (or a keybinding) may pass instead of answering the pickers. */
export interface BackupOptions {
  readonly folder?: vscode.Uri;
  readonly format?: BackupFormat;
  /** Restore: the caller asked the user already (under extension tests VS Code refuses the modal). */
  readonly confirmed?: boolean;
  /** Back Up: the automatic backup (folder and format given): no notification, the library brought up to date first. */
  readonly automatic?: boolean;
}

/** What Back Up Library did, for the caller (tests) to check. */
export interface BackupResult {
  readonly lists: number;
  /** Files written because their content changed (the index included). */
  readonly written: readonly string[];
}

/**
 * Back Up, Compare with Backup, Restore from Backup and Import Playlist from File: the library in
 * plain files the user owns (backupFormats.ts), written only where something changed so a folder
 * under git shows real history, and put back through the one save path (PlaylistSaves).
 */
export function registerBackupCommands(context: BackupContext): vscode.Disposable {
  const automatic = new AutoBackup({
    stateFolder: context.stateFolder,
    windowId: `${vscode.env.sessionId}-${Date.now().toString(36)}`,
    signedIn: () => context.model.currentAccountId !== undefined,
    idle: () => !vscode.window.state.active,
    backUp: (folder, format) => backUp(context, { folder, format, automatic: true }),
    logger: context.logger,
  }).start();
  return vscode.Disposable.from(
    automatic,
    vscode.commands.registerCommand(BACKUP_COMMANDS.backUp, (options?: BackupOptions) => backUp(context, options)),
    vscode.commands.registerCommand(BACKUP_COMMANDS.compare, (node?: LibraryNode, options?: BackupOptions) => compare(context, node, options)),
    vscode.commands.registerCommand(BACKUP_COMMANDS.restore, (options?: BackupOptions) => restore(context, options)),
    vscode.commands.registerCommand(BACKUP_COMMANDS.importPlaylist, (file?: vscode.Uri) => importPlaylist(context, file)),
  );
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

/** The backup folder: the one given, the setting's, or one the user picks. */
async function folderFor(options: BackupOptions | undefined, openLabel: string): Promise<vscode.Uri | undefined> {
  if (options?.folder instanceof vscode.Uri) return options.folder;
  const configured = config().get<string>(FOLDER_SETTING, '').trim();
  if (configured) return configured.includes('://') ? vscode.Uri.parse(configured) : vscode.Uri.file(configured);
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel, title: vscode.l10n.t('Backup Folder') });
  return picked?.[0];
}

async function formatFor(options: BackupOptions | undefined): Promise<BackupFormat | undefined> {
  if (options?.format) return options.format;
  const configured = config().get<string>(FORMAT_SETTING, '');
  if (configured === 'text' || configured === 'csv' || configured === 'json') return configured;
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Playlist Text'), description: vscode.l10n.t('one entry a line, as Edit as Text shows it'), format: 'text' as const },
      { label: 'CSV', description: vscode.l10n.t('Exportify’s columns, for spreadsheets and other tools'), format: 'csv' as const },
      { label: 'JSON', description: vscode.l10n.t('every field, for scripts'), format: 'json' as const },
    ],
    { title: vscode.l10n.t('Back Up Library: Format'), placeHolder: vscode.l10n.t('spotifyLibrary.backup.format sets it for good') },
  );
  return picked?.format;
}

/** Larger than any backup or playlist file (10,000 entries as CSV are about 3 MB): read, it would stall the extension host. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

class FileTooLargeError extends Error {}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_FILE_BYTES) throw new FileTooLargeError(vscode.l10n.t('{0} is {1} MB, more than a backup or playlist file can be ({2} MB at most). Nothing was read from it.', uri.path.split('/').pop() ?? '', formatCount(Math.round(size / 1024 / 1024)), formatCount(MAX_FILE_BYTES / 1024 / 1024)));
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof FileTooLargeError) throw error;
    return undefined;
  }
}

/** The library's lists as a backup writes them: the shown sections and every playlist the index could read, whole. */
function libraryLists(context: BackupContext): BackupList[] {
  const { model } = context;
  const lists: BackupList[] = [];
  const whole = (list: { isLoaded: boolean; hasMore: boolean }) => list.isLoaded && !list.hasMore;
  if (whole(model.liked)) lists.push({ kind: 'liked', tracks: model.liked.items });
  for (const section of model.shownSections) {
    if (section === 'liked' || section === 'playlists') continue;
    const list = model.section(section);
    if (!whole(list)) continue;
    if (section === 'albums') lists.push({ kind: 'albums', albums: list.items as readonly AlbumRecord[] });
    else if (section === 'artists') lists.push({ kind: 'artists', artists: list.items as readonly ArtistRecord[] });
    else if (section === 'shows') lists.push({ kind: 'shows', shows: list.items as readonly ShowRecord[] });
    else if (section === 'episodes') lists.push({ kind: 'episodes', tracks: list.items as readonly TrackRecord[] });
  }
  for (const playlist of model.playlists.items) {
    const entries = model.entriesOf(playlist);
    if (whole(entries)) lists.push({ kind: 'playlist', playlist, tracks: entries.items });
  }
  return lists;
}

async function accountOf(context: BackupContext): Promise<{ id: string; name: string }> {
  const id = context.model.currentAccountId ?? '';
  const session = await context.session();
  return { id, name: session?.account.id === id ? session.account.label : id };
}

async function backUp(context: BackupContext, options: BackupOptions | undefined): Promise<BackupResult | undefined> {
  const folder = await folderFor(options, vscode.l10n.t('Back Up Here'));
  if (!folder) return undefined;
  const format = await formatFor(options);
  if (!format) return undefined;
  try {
    if (options?.automatic) {
      // What changed on Spotify since this window read it: the cheap revalidation (snapshot_ids, the newest likes).
      await context.model.revalidate();
      await whenIndexedInBackground(context.indexer);
    } else {
      await whenIndexed(context.indexer, vscode.l10n.t('Back Up Library'));
    }
  } catch (error) {
    if (options?.automatic) context.logger.warn(`[backup] automatic backup could not read the library: ${messageOf(error)}`);
    else if (!(error instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(vscode.l10n.t('Could not read your library to back it up: {0}', messageOf(error)));
    return undefined;
  }
  const lists = libraryLists(context);
  const written: string[] = [];
  try {
    await vscode.workspace.fs.createDirectory(folder);
    for (const list of lists) {
      const file = vscode.Uri.joinPath(folder, backupFileName(list, format));
      const content = formatBackupList(list, format);
      // Unchanged lists keep their files untouched: a folder under git shows only real changes.
      if ((await readText(file)) === content) continue;
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(content));
      written.push(file.path.split('/').pop()!);
    }
    const indexFile = vscode.Uri.joinPath(folder, BACKUP_INDEX_FILE);
    const previous = readBackupIndex((await readText(indexFile)) ?? '');
    const index = buildBackupIndex({ account: await accountOf(context), backedUpAt: new Date().toISOString(), format, lists });
    // The index's time moves only when a list changed: a second backup of an unchanged library changes no file.
    const unchanged = previous && formatBackupIndex({ ...index, backedUpAt: previous.backedUpAt }) === formatBackupIndex(previous);
    if (!unchanged) {
      await vscode.workspace.fs.writeFile(indexFile, new TextEncoder().encode(formatBackupIndex(index)));
      written.push(BACKUP_INDEX_FILE);
    }
  } catch (error) {
    // Said also for the automatic backup: a folder it cannot write to is for the user to fix.
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write the backup to {0}: {1}', folder.fsPath, messageOf(error)));
    return options?.automatic ? undefined : { lists: lists.length, written };
  }
  context.logger.info(`[backup] ${lists.length} lists to ${folder.toString()}: ${written.length} files written`);
  const changed = written.length === 0 ? vscode.l10n.t('nothing changed since the last backup') : written.length === 1 ? vscode.l10n.t('1 file written') : vscode.l10n.t('{0} files written', formatCount(written.length));
  const backedUp = options?.automatic ? vscode.l10n.t('Backed up {0} lists automatically: {1}', formatCount(lists.length), changed) : vscode.l10n.t('Backed up {0} lists: {1}', formatCount(lists.length), changed);
  vscode.window.setStatusBarMessage(`$(check) ${backedUp}`, 6000);
  return { lists: lists.length, written };
}

/** When a backup was made, as the user reads dates. */
function backupTime(index: BackupIndex): string {
  return formatDate(index.backedUpAt) ?? index.backedUpAt;
}

async function readIndex(folder: vscode.Uri): Promise<BackupIndex> {
  const index = readBackupIndex((await readText(vscode.Uri.joinPath(folder, BACKUP_INDEX_FILE))) ?? '');
  if (!index) throw new Error(vscode.l10n.t('{0} holds no backup of this extension ({1} is missing or unreadable).', folder.fsPath, BACKUP_INDEX_FILE));
  return index;
}

/** The URIs a backup file holds, in its order; a file that is missing or did not parse throws, naming it and the line: nothing is written from it. */
async function backupUris(folder: vscode.Uri, file: string): Promise<string[]> {
  const text = await readText(vscode.Uri.joinPath(folder, file));
  if (text === undefined) throw new Error(vscode.l10n.t('{0} is missing from the backup.', file));
  const parsed = parseImport(text, file);
  if (parsed.unreadable) throw new Error(vscode.l10n.t('{0}, line {1}: {2}', file, parsed.problems[0]?.line ?? 1, parsed.problems[0]?.message ?? ''));
  return parsed.uris;
}

/** Compare with Backup...: a playlist against its backed-up file (a diff editor), or the whole library (a summary to open from). */
async function compare(context: BackupContext, node: LibraryNode | undefined, options: BackupOptions | undefined): Promise<void> {
  const folder = await folderFor(options, vscode.l10n.t('Compare'));
  if (!folder) return;
  let index: BackupIndex;
  try {
    index = await readIndex(folder);
  } catch (error) {
    void vscode.window.showErrorMessage(messageOf(error));
    return;
  }
  const playlist = (node as { playlist?: PlaylistRecord } | undefined)?.playlist;
  if (playlist) return comparePlaylist(context, folder, index, context.model.playlistById(playlist.id) ?? playlist);
  try {
    await whenIndexed(context.indexer, vscode.l10n.t('Compare with Backup'));
  } catch (error) {
    if (!(error instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(messageOf(error));
    return;
  }
  const now = buildBackupIndex({ account: await accountOf(context), backedUpAt: '', format: 'text', lists: libraryLists(context) });
  const likedFile = index.lists.find((list) => list.kind === 'liked')?.file;
  let liked: { backup: string[]; now: string[] } | undefined;
  try {
    liked = likedFile ? { backup: await backupUris(folder, likedFile), now: context.model.liked.items.flatMap((track) => (track.id && track.kind === 'track' ? [`spotify:track:${track.id}`] : [])) } : undefined;
  } catch (error) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Liked Songs are left out of the comparison: {0}', messageOf(error)));
  }
  const comparison = compareLibraries(index, now, liked);
  type Item = vscode.QuickPickItem & { playlistId?: string; file?: string };
  const items: Item[] = [
    ...comparison.gone.map((list) => ({ label: `$(trash) ${plain(list.name)}`, description: vscode.l10n.t('gone: {0} entries in the backup', formatCount(list.count)), file: list.file })),
    ...comparison.emptied.map((list) => ({ label: `$(circle-outline) ${plain(list.name)}`, description: vscode.l10n.t('emptied: {0} entries in the backup', formatCount(list.count)), playlistId: list.id })),
    ...comparison.renamed.map((rename) => ({ label: `$(edit) ${plain(rename.to)}`, description: vscode.l10n.t('renamed from “{0}”', plain(rename.from)), playlistId: rename.id })),
    ...comparison.changed.filter((list) => !comparison.emptied.some((emptied) => emptied.id === list.id)).map((list) => ({ label: `$(diff) ${plain(list.name)}`, description: vscode.l10n.t('changed since the backup'), playlistId: list.id })),
    ...comparison.added.map((list) => ({ label: `$(add) ${plain(list.name)}`, description: vscode.l10n.t('new since the backup') })),
  ];
  if (comparison.unliked.length) items.push({ label: `$(heart) ${vscode.l10n.t('Liked Songs')}`, description: vscode.l10n.t('{0} songs no longer liked', formatCount(comparison.unliked.length)) });
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Your library is as the backup of {0} has it.', backupTime(index)));
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare with Backup of {0}', backupTime(index)), placeHolder: vscode.l10n.t('Pick one to see what changed') });
  if (picked?.playlistId) {
    const target = context.model.playlistById(picked.playlistId);
    if (target) await comparePlaylist(context, folder, index, target);
  } else if (picked?.file) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, picked.file));
  }
}

/** A diff editor: the backup on the left, the playlist as Spotify has it now on the right (editable: a save sends the difference). */
async function comparePlaylist(context: BackupContext, folder: vscode.Uri, index: BackupIndex, playlist: PlaylistRecord): Promise<void> {
  const entry = index.lists.find((list) => list.kind === 'playlist' && list.id === playlist.id);
  if (!entry) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The backup in {0} holds no copy of “{1}”.', folder.fsPath, playlist.name));
    return;
  }
  try {
    const now = await withViewProgress(() => context.files.open({ id: playlist.id, name: playlist.name, playlist, editable: context.model.canEdit(playlist) }));
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.joinPath(folder, entry.file), now, vscode.l10n.t('{0}: backup ↔ Spotify now', playlist.name));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read “{0}” from Spotify: {1}', playlist.name, messageOf(error)));
  }
}

type RestoreStep = vscode.QuickPickItem & { run?: (exactly: boolean) => Promise<void>; exactly?: true };

/** Restore from Backup...: a preview of what it would put back, all or some of it; nothing is deleted unless asked. */
async function restore(context: BackupContext, options: BackupOptions | undefined): Promise<void> {
  const folder = await folderFor(options, vscode.l10n.t('Restore'));
  if (!folder) return;
  let index: BackupIndex;
  try {
    index = await readIndex(folder);
    await whenIndexed(context.indexer, vscode.l10n.t('Restore from Backup'));
  } catch (error) {
    if (!(error instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(messageOf(error));
    return;
  }
  const { model } = context;
  const account = await accountOf(context);
  // Another account's playlist ids, likes and saves mean nothing here: restore one playlist at a time with Import instead.
  if (index.account.id && index.account.id !== account.id) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The backup in {0} is of the Spotify account “{1}”; you are signed in as “{2}”. Sign in as “{1}” to restore it, or bring single playlists in with Import Playlist from File.', folder.fsPath, index.account.name || index.account.id, account.name),
    );
    return;
  }
  const steps: RestoreStep[] = [];
  // A list file that is missing or did not parse is left out, named with its line: nothing is written from it.
  const leftOut: string[] = [];
  for (const list of index.lists) {
    try {
      if (list.kind === 'liked') {
        const backup = await backupUris(folder, list.file);
        const liked = new Set(model.liked.items.flatMap((track) => (track.id ? [`spotify:track:${track.id}`] : [])));
        const lost = backup.filter((uri) => uri.startsWith('spotify:track:') && !liked.has(uri));
        if (lost.length) steps.push({ label: `$(heart) ${vscode.l10n.t('Like {0} songs again', formatCount(lost.length))}`, description: SECTION_INFO.liked.label, picked: true, run: () => relike(context, lost) });
        continue;
      }
      if (list.kind === 'albums' || list.kind === 'artists' || list.kind === 'shows' || list.kind === 'episodes') {
        const section = model.section(list.kind) as { isLoaded: boolean; hasMore: boolean; items: ReadonlyArray<{ id?: string }> };
        if (!section.isLoaded || section.hasMore) continue;
        const kind = SAVED_KIND[list.kind];
        // Every format names each item by its Spotify link: read those, whatever the format.
        const text = await readText(vscode.Uri.joinPath(folder, list.file));
        if (text === undefined) throw new Error(vscode.l10n.t('{0} is missing from the backup.', list.file));
        const backup = [...new Set(findSpotifyLinks(text).filter((link) => link.kind === kind).map((link) => link.id))];
        const saved = new Set(section.items.flatMap((item) => item.id ?? []));
        const lost = backup.filter((id) => !saved.has(id)).map((id) => `spotify:${kind}:${id}`);
        if (lost.length) steps.push({ label: `$(${kind === 'artist' ? 'person-add' : 'library'}) ${savedAgainWords(kind, lost.length)}`, description: SECTION_INFO[list.kind].label, picked: true, run: () => saveAgain(context, kind, lost) });
        continue;
      }
      if (list.kind !== 'playlist' || !list.id) continue;
      const backup = await backupUris(folder, list.file);
      const playlist = model.playlistById(list.id);
      if (!playlist) {
        // A deleted playlist is one no longer followed: following it again brings it back with its id and entries.
        steps.push({ label: `$(history) ${vscode.l10n.t('Bring Back “{0}”', plain(list.name))}`, description: vscode.l10n.t('{0} entries', formatCount(backup.length)), picked: true, run: () => bringBack(context, list.id!, list.name, backup) });
        continue;
      }
      if (!model.canEdit(playlist)) continue;
      const entries = model.entriesOf(playlist);
      if (!entries.isLoaded || entries.hasMore) continue;
      const now = entryUris(entries.items);
      const back = restoredEntries(backup, now);
      const exactlyDiffers = backup.length !== now.length || backup.some((uri, at) => uri !== now[at]);
      if (back.length === now.length && !exactlyDiffers) continue;
      steps.push({
        label: `$(history) ${back.length > now.length ? vscode.l10n.t('Put {0} entries back into “{1}”', formatCount(back.length - now.length), plain(playlist.name)) : vscode.l10n.t('Put “{0}” back in the backup’s order', plain(playlist.name))}`,
        description: vscode.l10n.t('{0} now, {1} in the backup', formatCount(now.length), formatCount(backup.length)),
        picked: back.length > now.length,
        run: (exactly) => putBack(context, playlist, exactly ? backup : back),
      });
    } catch (error) {
      leftOut.push(messageOf(error));
    }
  }
  if (leftOut.length) void vscode.window.showWarningMessage(vscode.l10n.t('Left out of the restore: {0}', leftOut.join('; ')));
  if (steps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to restore: your library holds everything the backup of {0} has.', backupTime(index)));
    return;
  }
  const exactly: RestoreStep = { label: `$(warning) ${vscode.l10n.t('Make Them Exactly Like the Backup')}`, description: vscode.l10n.t('also removes what was added since, and puts the backup’s order back'), exactly: true };
  const chosen = await vscode.window.showQuickPick([...steps, { label: '', kind: vscode.QuickPickItemKind.Separator }, exactly], {
    title: vscode.l10n.t('Restore from Backup of {0}', backupTime(index)),
    placeHolder: vscode.l10n.t('What to put back; nothing you have now is removed unless you check the last one'),
    canPickMany: true,
  });
  const runs = chosen?.filter((step) => step.run) ?? [];
  if (!runs.length) return;
  const makeExact = chosen!.some((step) => step.exactly);
  if (!options?.confirmed) {
    const restoreButton = vscode.l10n.t('Restore');
    const detail = [...runs.map((step) => step.label.replace(/^\$\([^)]*\) /, '')), ...(makeExact ? [vscode.l10n.t('What was added since the backup is removed.')] : [])].join('\n');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Write this to the Spotify account “{0}”?', account.name), { modal: true, detail }, restoreButton);
    if (answer !== restoreButton) return;
  }
  for (const step of runs) await step.run!(makeExact);
}

/** A playlist's entries as the URIs a backup holds, in order (entries Spotify sends without content have none). */
function entryUris(entries: readonly TrackRecord[]): string[] {
  return entries.flatMap((track) => (track.id && (track.kind === 'track' || track.kind === 'episode') ? [`spotify:${track.kind}:${track.id}`] : track.uriOverride ? [track.uriOverride] : []));
}

const SAVED_KIND = { albums: 'album', artists: 'artist', shows: 'show', episodes: 'episode' } as const;

function savedAgainWords(kind: 'album' | 'artist' | 'show' | 'episode', count: number): string {
  const n = formatCount(count);
  switch (kind) {
    case 'album':
      return count === 1 ? vscode.l10n.t('Save 1 album again') : vscode.l10n.t('Save {0} albums again', n);
    case 'artist':
      return count === 1 ? vscode.l10n.t('Follow 1 artist again') : vscode.l10n.t('Follow {0} artists again', n);
    case 'show':
      return count === 1 ? vscode.l10n.t('Save 1 podcast again') : vscode.l10n.t('Save {0} podcasts again', n);
    case 'episode':
      return count === 1 ? vscode.l10n.t('Save 1 episode again') : vscode.l10n.t('Save {0} episodes again', n);
  }
}

/** Albums, podcasts and episodes saved again, artists followed again (PUT /me/library, 40 a request); the section then revalidates. */
async function saveAgain(context: BackupContext, kind: 'album' | 'artist' | 'show' | 'episode', uris: readonly string[]): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, kind === 'artist' ? ACTION_SCOPES.followArtists : ACTION_SCOPES.saveToLibrary, context.logger))) return;
  const outcome = await withViewProgress(() => context.curation.writes.saveToLibrary(uris));
  const what = savedAgainWords(kind, uris.length);
  report(context, { done: outcome.done.length, total: uris.length, error: outcome.failed?.error }, { done: what, failed: vscode.l10n.t('Could not restore: {0}', what), scopes: kind === 'artist' ? ACTION_SCOPES.followArtists : ACTION_SCOPES.saveToLibrary });
  await context.model.refresh();
}

async function relike(context: BackupContext, uris: readonly string[]): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.saveToLibrary, context.logger))) return;
  const tracks: TrackRecord[] = uris.map((uri) => ({ kind: 'track', id: uri.slice('spotify:track:'.length), name: uri, byline: '' }));
  const outcome = await withViewProgress(() => context.curation.setLiked(tracks, true));
  const what = vscode.l10n.t('{0} songs', formatCount(uris.length));
  report(context, outcome, { done: vscode.l10n.t('Added {0} to Liked Songs', what), failed: vscode.l10n.t('Could not add {0} to Liked Songs', what), scopes: ACTION_SCOPES.saveToLibrary });
}

async function recreate(context: BackupContext, name: string, uris: readonly string[]): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  let created: PlaylistRecord;
  try {
    created = await withViewProgress(() => context.curation.createPlaylist(name));
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed: vscode.l10n.t('Could not create the playlist “{0}”', name), scopes: ACTION_SCOPES.editPlaylists });
    return;
  }
  const tracks = uris.filter((uri) => !uri.startsWith('spotify:local:')).map((uri): TrackRecord => ({ kind: uri.startsWith('spotify:episode:') ? 'episode' : 'track', id: uri.slice(uri.lastIndexOf(':') + 1), name: uri, byline: '' }));
  const outcome = await withViewProgress(() => context.curation.addToPlaylist(created, tracks));
  report(context, outcome, { done: vscode.l10n.t('Recreated “{0}”', name), failed: vscode.l10n.t('Recreated “{0}”, but could not put all its entries back', name), scopes: ACTION_SCOPES.editPlaylists });
}

/** Follows a deleted playlist again (it comes back with its id and entries), then puts back what it lost since; recreated when Spotify no longer has it. */
async function bringBack(context: BackupContext, playlistId: string, name: string, backup: readonly string[]): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const followed = await withViewProgress(() => context.curation.writes.saveToLibrary([`spotify:playlist:${playlistId}`]));
  if (followed.failed) {
    const error = followed.failed.error;
    // Spotify answers an id it does not know with 400 or 404: it is gone for good, so it is made anew.
    if (error.kind === 'notFound' || (error instanceof BadResponseError && error.status === 400)) return recreate(context, name, backup);
    report(context, { done: 0, total: 1, error: followed.failed.error }, { done: '', failed: vscode.l10n.t('Could not bring “{0}” back', name), scopes: ACTION_SCOPES.editPlaylists });
    return;
  }
  await withViewProgress(() => context.model.revalidatePlaylists());
  const playlist = context.model.playlistById(playlistId);
  if (!playlist || !context.model.canEdit(playlist)) {
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('“{0}” is back in your library', name)}`, 5000);
    return;
  }
  const base = await withViewProgress(() => context.saves.current(playlist));
  const now = entryUris(base.entries);
  const target = restoredEntries(backup, now);
  if (target.length === now.length) {
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('“{0}” is back in your library', name)}`, 5000);
    return;
  }
  await putBack(context, playlist, target);
}

async function putBack(context: BackupContext, playlist: PlaylistRecord, target: readonly string[]): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const failed = vscode.l10n.t('Could not restore “{0}”', playlist.name);
  try {
    const result = await withViewProgress(async () => {
      const base = await context.saves.current(playlist);
      return context.saves.save(playlist, base, target);
    });
    if (result.kind === 'failed' && result.sent > 0) {
      // Stopped halfway: the next Restore compares with what Spotify has then and sends only the rest.
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1} {2} of {3} changes went through; Restore from Backup again sends the rest.', failed, result.error.message, formatCount(result.sent), formatCount(result.calls.length)));
    } else if (result.kind === 'failed') report(context, { done: 0, total: 1, error: result.error }, { done: '', failed, scopes: ACTION_SCOPES.editPlaylists });
    else if (result.kind === 'changedOnSpotify') void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” changed on Spotify while it was restored; nothing was written there. Try again.', playlist.name));
    else {
      if (result.kind === 'saved') context.files.refreshOpenCopy({ id: playlist.id, name: playlist.name, playlist, editable: true }, result.after);
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Restored “{0}”', playlist.name)}`, 5000);
    }
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed, scopes: ACTION_SCOPES.editPlaylists });
  }
}

/** Import Playlist from File...: this project's formats, an Exportify CSV, Markdown, M3U or any text with links; into a new playlist or one the user may change. */
async function importPlaylist(context: BackupContext, given: vscode.Uri | undefined): Promise<void> {
  const file =
    given instanceof vscode.Uri
      ? given
      : (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Import Playlist from File'), filters: { [vscode.l10n.t('Playlists')]: ['spotify-playlist', 'csv', 'tsv', 'json', 'm3u', 'm3u8', 'md', 'txt'], [vscode.l10n.t('All Files')]: ['*'] } }))?.[0];
  if (!file) return;
  const fileName = file.path.split('/').pop() ?? '';
  let text: string | undefined;
  try {
    text = await readText(file);
  } catch (error) {
    void vscode.window.showErrorMessage(messageOf(error));
    return;
  }
  if (text === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}.', fileName));
    return;
  }
  const parsed = parseImport(text, fileName);
  if (parsed.unreadable) {
    const problem = parsed.problems[0];
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be read (line {1}: {2}). Nothing was imported.', fileName, problem?.line ?? 1, problem?.message ?? ''));
    return;
  }
  if (parsed.problems.length) {
    const lines = parsed.problems.slice(0, 10).map((problem) => problem.line).join(', ');
    const more = parsed.problems.length > 10 ? '…' : '';
    context.logger.warn(`[import] ${fileName}: ${parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`);
    void vscode.window.showWarningMessage(
      parsed.problems.length === 1 ? vscode.l10n.t('1 line of {0} names no Spotify song or episode: line {1}. It is left out.', fileName, lines) : vscode.l10n.t('{0} lines of {1} name no Spotify song or episode: lines {2}{3}. They are left out.', formatCount(parsed.problems.length), fileName, lines, more),
    );
  }
  if (parsed.uris.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} names no Spotify song or episode: nothing to import.', fileName));
    return;
  }
  const tracks = parsed.uris.filter((uri) => !uri.startsWith('spotify:local:')).map((uri): TrackRecord => ({ kind: uri.startsWith('spotify:episode:') ? 'episode' : 'track', id: uri.slice(uri.lastIndexOf(':') + 1), name: uri, byline: '' }));
  const name = parsed.name ?? fileName;
  // The playlists to append to, all of them: the list may not have been opened yet.
  const playlists = context.model.playlists;
  if (!playlists.isLoaded || playlists.hasMore) await withViewProgress(() => playlists.loadAllForUser());
  const unfinished = unfinishedImportOf(context, file);
  const items: Array<vscode.QuickPickItem & { playlist?: PlaylistRecord; resume?: true }> = [
    ...(unfinished ? [{ label: `$(debug-continue) ${vscode.l10n.t('Continue the Import into “{0}”', unfinished.name)}`, description: vscode.l10n.t('adds only what the last import of this file did not'), playlist: unfinished, resume: true as const }] : []),
    { label: `$(add) ${vscode.l10n.t('New Playlist “{0}”', name)}` },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...context.model.playlists.items.filter((playlist) => context.model.canEdit(playlist)).map((playlist) => ({ label: playlist.name, description: vscode.l10n.t('append to it'), playlist })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Import {0} songs from {1}', formatCount(tracks.length), fileName), placeHolder: vscode.l10n.t('Into a new playlist, or appended to one of yours') });
  if (!picked) return;
  if (picked.resume && picked.playlist) return importInto(context, picked.playlist, parsed.uris, file);
  if (picked.playlist) {
    // Run again after it stopped halfway, the duplicate question skips what went in: nothing twice.
    await addToPlaylist(context, tracks, picked.playlist);
    return;
  }
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  let created: PlaylistRecord;
  try {
    created = await withViewProgress(() => context.curation.createPlaylist(name));
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed: vscode.l10n.t('Could not create the playlist “{0}”', name), scopes: ACTION_SCOPES.editPlaylists });
    return;
  }
  await importInto(context, created, parsed.uris, file);
}

/**
 * Imports into a new playlist that stopped halfway (a Retry-After of hours, VS Code closed, the
 * network gone), by file: the next Import of that file offers to continue. Global state, so any
 * window (or a restart) can; it holds a playlist id per file path, nothing secret.
 */
const UNFINISHED_IMPORTS = 'spotifyLibrary.unfinishedImports';
type UnfinishedImports = Record<string, { readonly playlistId: string }>;

function unfinishedImportOf(context: BackupContext, file: vscode.Uri): PlaylistRecord | undefined {
  const playlistId = context.globalState.get<UnfinishedImports>(UNFINISHED_IMPORTS, {})[file.toString()]?.playlistId;
  const playlist = playlistId ? context.model.playlistById(playlistId) : undefined;
  return playlist && context.model.canEdit(playlist) ? playlist : undefined;
}

async function rememberUnfinishedImport(context: BackupContext, file: vscode.Uri, playlistId: string | undefined): Promise<void> {
  const all = { ...context.globalState.get<UnfinishedImports>(UNFINISHED_IMPORTS, {}) };
  if (playlistId) all[file.toString()] = { playlistId };
  else delete all[file.toString()];
  await context.globalState.update(UNFINISHED_IMPORTS, all);
}

/** The file's entries into `playlist`, sending only those Spotify does not have yet (so a second run duplicates nothing), 100 a request. */
async function importInto(context: BackupContext, playlist: PlaylistRecord, uris: readonly string[], file: vscode.Uri): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  await rememberUnfinishedImport(context, file, playlist.id);
  const fileName = file.path.split('/').pop() ?? '';
  const wanted = uris.filter((uri) => !uri.startsWith('spotify:local:'));
  const stopped = (done: number, error: SpotifyError) =>
    void vscode.window.showErrorMessage(vscode.l10n.t('Imported {0} of {1} songs into “{2}”, then: {3} Import {4} again to add the rest; nothing will be added twice.', formatCount(done), formatCount(wanted.length), playlist.name, error.message, fileName));
  try {
    const result = await withViewProgress(async () => {
      const base = await context.saves.current(playlist);
      return { result: await context.saves.save(playlist, base, restoredEntries(wanted, entryUris(base.entries))), base };
    });
    const done = (entries: readonly TrackRecord[]) => wanted.length - restoredEntries(wanted, entryUris(entries)).length + entries.length;
    if (result.result.kind === 'failed') return stopped(done(result.result.now.entries), result.result.error);
    if (result.result.kind === 'changedOnSpotify') {
      void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” changed on Spotify during the import; nothing was written there. Import {1} again.', playlist.name, fileName));
      return;
    }
    await rememberUnfinishedImport(context, file, undefined);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Imported {0} songs into “{1}”', formatCount(wanted.length), playlist.name)}`, 5000);
  } catch (error) {
    stopped(0, error as SpotifyError);
  }
}

