import * as vscode from 'vscode';
import type { SpotifyError } from '../api/errors';
import { ACTION_SCOPES } from '../common/sections';
import { moveRows, type PlaylistSaves, urisOf } from '../library/playlistSave';
import { type PlaylistRecord, playlistUri, type TrackRecord } from '../library/records';
import { formatCount } from '../views/format';
import type { LibraryNode } from '../views/nodes/libraryNode';
import type { LibraryDragAndDropController } from '../views/treeDragAndDrop';
import { addableOf, addToPlaylist, type CurateContext, describe, report, SONGS, withViewProgress } from './curateCommands';
import { ensureScopes } from './permissions';

export const PLAYLIST_COMMANDS = {
  rename: 'spotifyLibrary.renamePlaylist',
  editDescription: 'spotifyLibrary.editPlaylistDescription',
  changeVisibility: 'spotifyLibrary.changePlaylistVisibility',
  duplicate: 'spotifyLibrary.duplicatePlaylist',
  delete: 'spotifyLibrary.deletePlaylist',
  newFromSelection: 'spotifyLibrary.newPlaylistFromSelection',
} as const;

interface PlaylistCommandContext extends CurateContext {
  readonly saves: PlaylistSaves;
  readonly drag: LibraryDragAndDropController;
}

/** Spotify's most for a playlist's name in its own app. */
const NAME_LIMIT = 100;

/** The playlist's own commands: rename, describe, who sees it, duplicate, delete (with Undo); and a new one from selected rows. */
export function registerPlaylistCommands(context: PlaylistCommandContext): vscode.Disposable {
  context.drag.onDropRows = (target, rows) => dropRows(context, target, rows);
  return vscode.Disposable.from(
    { dispose: () => (context.drag.onDropRows = undefined) },
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.rename, (node?: LibraryNode) => rename(context, playlistOf(context, node))),
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.editDescription, (node?: LibraryNode) => editDescription(context, playlistOf(context, node))),
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.changeVisibility, (node?: LibraryNode) => changeVisibility(context, playlistOf(context, node))),
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.duplicate, (node?: LibraryNode) => duplicate(context, playlistOf(context, node))),
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.delete, (node?: LibraryNode) => deletePlaylist(context, playlistOf(context, node))),
    vscode.commands.registerCommand(PLAYLIST_COMMANDS.newFromSelection, (node?: unknown, selected?: unknown[]) => newFromSelection(context, addableOf(node, selected))),
  );
}

function playlistOf(context: PlaylistCommandContext, node: LibraryNode | undefined): PlaylistRecord | undefined {
  const playlist = (node as { playlist?: PlaylistRecord } | undefined)?.playlist;
  if (!playlist || typeof playlist !== 'object') return undefined;
  return context.model.playlistById(playlist.id) ?? playlist;
}

function isOwn(context: PlaylistCommandContext, playlist: PlaylistRecord): boolean {
  return playlist.ownerId !== undefined && playlist.ownerId === context.model.currentAccountId;
}

function validName(value: string): string | undefined {
  if (value.trim() === '') return vscode.l10n.t('A playlist needs a name');
  return value.length > NAME_LIMIT ? vscode.l10n.t('At most 100 characters') : undefined;
}

/** A details change shown at once, sent, and taken back with the reason when Spotify refuses it. */
async function changeDetails(context: PlaylistCommandContext, playlist: PlaylistRecord, patch: Parameters<CurateContext['model']['editPlaylistRow']>[1], details: Parameters<CurateContext['curation']['writes']['changePlaylistDetails']>[1], words: { done: string; failed: string }): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const undo = context.model.editPlaylistRow(playlist.id, patch);
  try {
    await withViewProgress(() => context.curation.writes.changePlaylistDetails(playlist.id, details));
    vscode.window.setStatusBarMessage(`$(check) ${words.done}`, 4000);
  } catch (error) {
    undo();
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed: words.failed, scopes: ACTION_SCOPES.editPlaylists, retry: () => changeDetails(context, playlist, patch, details, words) });
  }
}

async function rename(context: PlaylistCommandContext, playlist: PlaylistRecord | undefined): Promise<void> {
  if (!playlist || !isOwn(context, playlist)) return;
  const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename “{0}”', playlist.name), value: playlist.name, prompt: vscode.l10n.t('The playlist’s new name'), validateInput: validName });
  if (name === undefined || name.trim() === playlist.name) return;
  const newName = name.trim();
  await changeDetails(context, playlist, { name: newName }, { name: newName }, {
    done: vscode.l10n.t('Renamed “{0}” to “{1}”', playlist.name, newName),
    failed: vscode.l10n.t('Could not rename “{0}”', playlist.name),
  });
}

async function editDescription(context: PlaylistCommandContext, playlist: PlaylistRecord | undefined): Promise<void> {
  if (!playlist || !isOwn(context, playlist)) return;
  const description = await vscode.window.showInputBox({
    title: vscode.l10n.t('Description of “{0}”', playlist.name),
    value: playlist.description ?? '',
    prompt: vscode.l10n.t('Shown under the name in Spotify; leave empty for none'),
    validateInput: (value) => (value.length > 300 ? vscode.l10n.t('At most 300 characters') : undefined),
  });
  if (description === undefined || description === (playlist.description ?? '')) return;
  await changeDetails(context, playlist, { description: description || undefined }, { description }, {
    done: vscode.l10n.t('Changed the description of “{0}”', playlist.name),
    failed: vscode.l10n.t('Could not change the description of “{0}”', playlist.name),
  });
}

type Visibility = 'public' | 'private' | 'collaborative';

async function changeVisibility(context: PlaylistCommandContext, playlist: PlaylistRecord | undefined): Promise<void> {
  if (!playlist || !isOwn(context, playlist)) return;
  const current: Visibility = playlist.collaborative ? 'collaborative' : playlist.isPublic ? 'public' : 'private';
  const choices: Array<vscode.QuickPickItem & { visibility: Visibility }> = [
    { label: vscode.l10n.t('Public'), description: vscode.l10n.t('on your profile, anyone with the link can listen'), iconPath: new vscode.ThemeIcon('globe'), visibility: 'public' },
    { label: vscode.l10n.t('Private'), description: vscode.l10n.t('only you'), iconPath: new vscode.ThemeIcon('lock'), visibility: 'private' },
    { label: vscode.l10n.t('Collaborative'), description: vscode.l10n.t('private, and people you invite can change it'), iconPath: new vscode.ThemeIcon('organization'), visibility: 'collaborative' },
  ].map((choice) => (choice.visibility === current ? { ...choice, detail: vscode.l10n.t('Now') } : choice)) as Array<vscode.QuickPickItem & { visibility: Visibility }>;
  const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Who Sees “{0}”', playlist.name) });
  if (!picked || picked.visibility === current) return;
  const isPublic = picked.visibility === 'public';
  const collaborative = picked.visibility === 'collaborative';
  await changeDetails(context, playlist, { isPublic, collaborative }, { public: isPublic, collaborative }, {
    done: isPublic ? vscode.l10n.t('“{0}” is public now', playlist.name) : collaborative ? vscode.l10n.t('“{0}” is collaborative now', playlist.name) : vscode.l10n.t('“{0}” is private now', playlist.name),
    failed: vscode.l10n.t('Could not change who sees “{0}”', playlist.name),
  });
}

async function deletePlaylist(context: PlaylistCommandContext, playlist: PlaylistRecord | undefined): Promise<void> {
  if (!playlist) return;
  const own = isOwn(context, playlist);
  const entries = playlist.total === undefined ? '' : playlist.total === 1 ? vscode.l10n.t('It has 1 entry.') : vscode.l10n.t('It has {0} entries.', formatCount(playlist.total));
  const remove = own ? vscode.l10n.t('Delete') : vscode.l10n.t('Remove from Your Library');
  const choice = await vscode.window.showWarningMessage(
    own ? vscode.l10n.t('Delete the playlist “{0}”?', playlist.name) : vscode.l10n.t('Remove “{0}” from your library?', playlist.name),
    { modal: true, detail: `${entries} ${vscode.l10n.t('Spotify keeps it: Undo brings it back with all its entries.')}`.trim() },
    remove,
  );
  if (choice !== remove) return;
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const undoRow = context.model.editPlaylistRow(playlist.id, 'removed');
  const outcome = await withViewProgress(() => context.curation.writes.removeFromLibrary([playlistUri(playlist)]));
  if (outcome.failed) {
    undoRow();
    report(context, { done: 0, total: 1, error: outcome.failed.error }, { done: '', failed: vscode.l10n.t('Could not delete “{0}”', playlist.name), scopes: ACTION_SCOPES.editPlaylists, retry: () => deletePlaylist(context, playlist) });
    return;
  }
  const undo = vscode.l10n.t('Undo');
  // Not awaited: the command is done; Undo follows it again whenever it is clicked.
  void vscode.window.showInformationMessage(vscode.l10n.t('Deleted “{0}”.', playlist.name), undo).then(async (picked) => {
    if (picked !== undo) return;
    const back = await withViewProgress(() => context.curation.writes.saveToLibrary([playlistUri(playlist)]));
    if (back.failed) {
      report(context, { done: 0, total: 1, error: back.failed.error }, { done: '', failed: vscode.l10n.t('Could not bring “{0}” back', playlist.name), scopes: ACTION_SCOPES.editPlaylists });
      return;
    }
    // Spotify lists a playlist followed again first: so does the tree.
    context.model.addCreatedPlaylist(playlist);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('“{0}” is back in your library', playlist.name)}`, 4000);
  });
}

/** A new private playlist holding `uris`, 100 a request; says how far it got when Spotify stops. */
async function createWith(context: PlaylistCommandContext, name: string, uris: readonly string[], what: string): Promise<void> {
  let created: PlaylistRecord;
  try {
    created = await withViewProgress(() => context.curation.createPlaylist(name));
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed: vscode.l10n.t('Could not create the playlist “{0}”', name), scopes: ACTION_SCOPES.editPlaylists });
    return;
  }
  const tracks = uris.map(trackOfUri);
  const outcome = await withViewProgress(() => context.curation.addToPlaylist(created, tracks));
  report(context, outcome, {
    done: vscode.l10n.t('Created “{0}” with {1}', name, what),
    failed: vscode.l10n.t('Created “{0}”, but could not add {1}', name, what),
    scopes: ACTION_SCOPES.editPlaylists,
  });
}

function trackOfUri(uri: string): TrackRecord {
  const [, kind, id] = uri.split(':');
  return { kind: kind === 'episode' ? 'episode' : 'track', id, name: uri, byline: '' };
}

async function duplicate(context: PlaylistCommandContext, playlist: PlaylistRecord | undefined): Promise<void> {
  if (!playlist) return;
  const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Duplicate “{0}”', playlist.name), value: vscode.l10n.t('{0} (copy)', playlist.name), prompt: vscode.l10n.t('The name of the copy (private)'), validateInput: validName });
  if (!name?.trim()) return;
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  let uris: string[];
  try {
    uris = urisOf(await withViewProgress(() => context.saves.current(playlist))).filter((uri) => !uri.startsWith('spotify:local:'));
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, { done: '', failed: vscode.l10n.t('Could not read “{0}”', playlist.name), scopes: ACTION_SCOPES.editPlaylists, retry: () => duplicate(context, playlist) });
    return;
  }
  await createWith(context, name.trim(), uris, uris.length === 1 ? vscode.l10n.t('1 song') : SONGS(formatCount(uris.length)));
}

async function newFromSelection(context: PlaylistCommandContext, tracks: TrackRecord[]): Promise<void> {
  if (tracks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select songs or episodes to make a playlist of.'));
    return;
  }
  const what = describe(tracks, SONGS);
  const name = await vscode.window.showInputBox({ title: vscode.l10n.t('New Playlist from {0}', what), prompt: vscode.l10n.t('The name of the new playlist (private; change that in Spotify)'), validateInput: validName });
  if (!name?.trim()) return;
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  await createWith(context, name.trim(), tracks.map((track) => `spotify:${track.kind}:${track.id}`), what);
}

/**
 * Rows dropped on a row of the view: rows of one playlist dropped on a row of the same playlist
 * move there (before it); songs dropped on a playlist (or on a row of one) are added to it, with
 * the duplicate question. Nothing happens on a list Spotify will not let the user change.
 */
async function dropRows(context: PlaylistCommandContext, target: LibraryNode, rows: readonly LibraryNode[]): Promise<void> {
  const onPlaylist = (target as { playlist?: PlaylistRecord }).playlist;
  const parentPlaylist = (target.parent as { playlist?: PlaylistRecord } | undefined)?.playlist;
  const playlist = onPlaylist ?? (trackRowOf(target) ? parentPlaylist : undefined);
  if (!playlist) return;
  const current = context.model.playlistById(playlist.id) ?? playlist;
  if (!context.model.canEdit(current)) {
    vscode.window.setStatusBarMessage(`$(circle-slash) ${vscode.l10n.t('Spotify lets apps change only playlists you own or collaborate on.')}`, 4000);
    return;
  }
  const sameList = !onPlaylist && rows.every((row) => (row.parent as { playlist?: PlaylistRecord } | undefined)?.playlist?.id === current.id && trackRowOf(row));
  if (sameList) {
    await moveWithin(context, current, rows.map((row) => trackRowOf(row)!), trackRowOf(target));
    return;
  }
  await addToPlaylist(context, addableOf(undefined, [...rows]), current);
}

function trackRowOf(node: LibraryNode): TrackRecord | undefined {
  const track = (node as { track?: TrackRecord }).track;
  return track && typeof track === 'object' ? track : undefined;
}

/** A drag within a playlist: the rows move before `before`, saved as moves (one call for a contiguous run). */
async function moveWithin(context: PlaylistCommandContext, playlist: PlaylistRecord, rows: TrackRecord[], before: TrackRecord | undefined): Promise<void> {
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const what = describe(rows, SONGS);
  const shown = context.model.entriesOf(playlist).items;
  const words = { done: '', failed: vscode.l10n.t('Could not move {0} in “{1}”', what, playlist.name), scopes: ACTION_SCOPES.editPlaylists, retry: () => moveWithin(context, playlist, rows, before) };
  try {
    const result = await withViewProgress(async () => {
      const base = await context.saves.current(playlist);
      return context.saves.save(playlist, base, moveRows(base, shown, rows, before));
    });
    if (result.kind === 'failed') report(context, { done: 0, total: rows.length, error: result.error }, words);
    else if (result.kind === 'changedOnSpotify') void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” changed on Spotify while the rows moved; nothing moved. Try again.', playlist.name));
    else if (result.kind === 'saved') vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Moved {0} in “{1}”', what, playlist.name)}`, 4000);
  } catch (error) {
    report(context, { done: 0, total: rows.length, error: error as SpotifyError }, words);
  }
}
