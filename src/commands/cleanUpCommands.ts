import * as vscode from 'vscode';
import type { SpotifyError } from '../api/errors';
import { messageOf } from '../common/errorMessage';
import { ACTION_SCOPES, SECTION_INFO } from '../common/sections';
import { difference, type DuplicateReason, findDuplicates, findUnplayable, inSeveralPlaylists, intersection, likedInNoPlaylist, type PlaylistEntries, union, withoutEntries } from '../library/cleanUp';
import type { LibraryIndexer } from '../library/indexer';
import type { PlaylistSaves, PlaylistVersion } from '../library/playlistSave';
import { formatPlaylistText } from '../library/playlistText';
import { type PlaylistRecord, type TrackRecord, trackUri } from '../library/records';
import { formatCount } from '../views/format';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { type CurateContext, report, withViewProgress } from './curateCommands';
import { ensureScopes } from './permissions';
import { whenIndexed } from './wholeLibrary';

export const CLEAN_UP_COMMAND = 'spotifyLibrary.cleanUp';

interface CleanUpContext extends CurateContext {
  readonly saves: PlaylistSaves;
  readonly indexer: LibraryIndexer;
}

/** A list Clean Up looks at: a playlist the user may change, with its whole version; or Liked Songs. */
interface CheckedList {
  readonly name: string;
  /** Absent for Liked Songs. */
  readonly playlist?: PlaylistRecord;
  readonly version: PlaylistVersion;
}

/** One entry a finding names: where it is, and which entry of that list. */
interface Finding extends vscode.QuickPickItem {
  readonly list: CheckedList;
  readonly index: number;
}

/**
 * Clean Up...: duplicates, songs that no longer play, liked songs in no playlist or in several,
 * and lists combined; from what the library holds (the index reads the rest at its own pace),
 * each finding with its fix, and every playlist write through the one save path (PlaylistSaves).
 * On a playlist's row, only that playlist.
 */
export function registerCleanUpCommands(context: CleanUpContext): vscode.Disposable {
  return vscode.commands.registerCommand(CLEAN_UP_COMMAND, (node?: LibraryNode) => cleanUp(context, node));
}

const REASON_WORDS: Record<DuplicateReason, () => string> = {
  sameUri: () => vscode.l10n.t('the same entry'),
  sameIsrc: () => vscode.l10n.t('the same recording (ISRC)'),
  sameSong: () => vscode.l10n.t('the same title, artists and length'),
};

type CleanUpKind = 'duplicates' | 'unplayable' | 'likedAlone' | 'inSeveral' | 'combine';

async function cleanUp(context: CleanUpContext, node: LibraryNode | undefined): Promise<void> {
  const onPlaylist = (node as { playlist?: PlaylistRecord } | undefined)?.playlist;
  let lists: CheckedList[];
  try {
    lists = onPlaylist ? [await readPlaylist(context, context.model.playlistById(onPlaylist.id) ?? onPlaylist)] : await readLibrary(context);
  } catch (error) {
    if (error instanceof vscode.CancellationError) return;
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read your library for Clean Up: {0}', messageOf(error)));
    return;
  }
  const playlists = lists.filter((list) => list.playlist);
  const liked = lists.find((list) => !list.playlist);
  const duplicates = lists.map((list) => ({ list, groups: findDuplicates(list.version.entries) })).filter((found) => found.groups.length > 0);
  const duplicateCount = duplicates.reduce((sum, found) => sum + found.groups.reduce((count, group) => count + group.extras.length, 0), 0);
  const unplayable = lists.map((list) => ({ list, entries: findUnplayable(list.version.entries) })).filter((found) => found.entries.length > 0);
  const unplayableCount = unplayable.reduce((sum, found) => sum + found.entries.length, 0);
  const withEntries: PlaylistEntries[] = playlists.map((list) => ({ playlist: list.playlist!, entries: list.version.entries }));
  const alone = liked ? likedInNoPlaylist(liked.version.entries, withEntries) : [];
  const several = inSeveralPlaylists(withEntries);

  const kinds: Array<vscode.QuickPickItem & { look: CleanUpKind }> = [
    { look: 'duplicates', label: `$(copy) ${vscode.l10n.t('Duplicates')}`, description: duplicateCount === 0 ? vscode.l10n.t('none found') : vscode.l10n.t('{0} in {1}', formatCount(duplicateCount), listWords(duplicates.length)) },
    { look: 'unplayable', label: `$(circle-slash) ${vscode.l10n.t('Songs That No Longer Play')}`, description: unplayableCount === 0 ? vscode.l10n.t('none found') : vscode.l10n.t('{0} in {1}', formatCount(unplayableCount), listWords(unplayable.length)) },
  ];
  if (!onPlaylist) {
    kinds.push(
      { look: 'likedAlone', label: `$(heart) ${vscode.l10n.t('Liked Songs in No Playlist')}`, description: formatCount(alone.length) },
      { look: 'inSeveral', label: `$(list-tree) ${vscode.l10n.t('Songs in Several Playlists')}`, description: formatCount(several.size) },
      { look: 'combine', label: `$(combine) ${vscode.l10n.t('Combine Lists...')}`, description: vscode.l10n.t('union, intersection or difference of playlists and Liked Songs') },
    );
  }
  const scope = onPlaylist ? onPlaylist.name : vscode.l10n.t('your library');
  const picked = await vscode.window.showQuickPick(kinds, { title: vscode.l10n.t('Clean Up {0}', scope), placeHolder: vscode.l10n.t('What to look at') });
  if (!picked) return;
  switch (picked.look) {
    case 'duplicates':
      return removeFindings(
        context,
        duplicates.flatMap(({ list, groups }) =>
          groups.flatMap((group) =>
            group.extras.map((extra): Finding => ({
              list,
              index: extra.index,
              label: list.version.entries[extra.index].name,
              description: vscode.l10n.t('{0} as entry {1}', REASON_WORDS[extra.reason](), formatCount(group.kept + 1)),
              detail: vscode.l10n.t('entry {0} of {1}', formatCount(extra.index + 1), list.name),
              picked: true,
            })),
          ),
        ),
        vscode.l10n.t('Remove Duplicates'),
      );
    case 'unplayable':
      return removeFindings(
        context,
        unplayable.flatMap(({ list, entries }) =>
          entries
            // Spotify removes by URI: an entry it sends no content for cannot be named in a write.
            .filter((entry) => trackUri(list.version.entries[entry.index]) !== undefined)
            .map((entry): Finding => ({ list, index: entry.index, label: list.version.entries[entry.index].name, description: entry.restriction ?? vscode.l10n.t('not playable'), detail: vscode.l10n.t('entry {0} of {1}', formatCount(entry.index + 1), list.name), picked: false })),
        ),
        vscode.l10n.t('Remove Songs That No Longer Play'),
      );
    case 'likedAlone':
      return offerList(vscode.l10n.t('Liked Songs in No Playlist'), alone);
    case 'inSeveral': {
      const tracks = new Map((liked?.version.entries ?? []).concat(...playlists.map((list) => list.version.entries)).map((track) => [trackUri(track) ?? '', track]));
      await vscode.window.showQuickPick(
        [...several].map(([uri, where]) => ({ label: tracks.get(uri)?.name ?? uri, description: where.map((playlist) => playlist.name).join(' · ') })),
        { title: vscode.l10n.t('Songs in Several Playlists'), placeHolder: vscode.l10n.t('{0} songs, each with the playlists that hold it', formatCount(several.size)), matchOnDescription: true },
      );
      return;
    }
    case 'combine':
      return combine(lists);
  }
}

function listWords(count: number): string {
  return count === 1 ? vscode.l10n.t('1 list') : vscode.l10n.t('{0} lists', formatCount(count));
}

async function readPlaylist(context: CleanUpContext, playlist: PlaylistRecord): Promise<CheckedList> {
  const version = await withViewProgress(() => context.saves.current(playlist));
  return { name: playlist.name, playlist, version };
}

/** The whole library as the index holds it (see whenIndexed). */
async function readLibrary(context: CleanUpContext): Promise<CheckedList[]> {
  const { model } = context;
  await whenIndexed(context.indexer, vscode.l10n.t('Clean Up'));
  const lists: CheckedList[] = [{ name: SECTION_INFO.liked.label, version: { playlistId: 'liked', snapshotId: undefined, entries: model.liked.items } }];
  for (const playlist of model.playlists.items) {
    const entries = model.entriesOf(playlist);
    if (!model.canEdit(playlist) || !entries.isLoaded || entries.hasMore) continue;
    lists.push({ name: playlist.name, playlist, version: { playlistId: playlist.id, snapshotId: entriesSnapshot(context, playlist), entries: entries.items } });
  }
  return lists;
}

/** The snapshot the loaded entries are (what a save checks Spotify's against). */
function entriesSnapshot(context: CleanUpContext, playlist: PlaylistRecord): string | undefined {
  return context.model.playlistById(playlist.id)?.snapshotId ?? playlist.snapshotId;
}

/** The findings, all or some picked; removed in one save per playlist (and unliked from Liked Songs). */
async function removeFindings(context: CleanUpContext, findings: Finding[], title: string): Promise<void> {
  if (findings.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to clean up here.'));
    return;
  }
  const items: Array<Finding | vscode.QuickPickItem> = [];
  let lastList: CheckedList | undefined;
  for (const finding of findings) {
    if (finding.list !== lastList) items.push({ label: finding.list.name, kind: vscode.QuickPickItemKind.Separator });
    lastList = finding.list;
    items.push(finding);
  }
  const chosen = (await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: vscode.l10n.t('The checked entries are removed, one save per list; the first of each kept'), matchOnDescription: true, matchOnDetail: true })) as Finding[] | undefined;
  if (!chosen?.length) return;
  const byList = new Map<CheckedList, number[]>();
  for (const finding of chosen) byList.set(finding.list, [...(byList.get(finding.list) ?? []), finding.index]);
  for (const [list, indexes] of byList) {
    if (!(await ensureScopes(context.model, context.view, list.playlist ? ACTION_SCOPES.editPlaylists : ACTION_SCOPES.saveToLibrary, context.logger))) return;
    const what = indexes.length === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', formatCount(indexes.length));
    const failed = vscode.l10n.t('Could not remove {0} from “{1}”', what, list.name);
    try {
      if (!list.playlist) {
        const outcome = await withViewProgress(() => context.curation.setLiked(indexes.map((index) => list.version.entries[index]), false));
        report(context, outcome, { done: vscode.l10n.t('Removed {0} from “{1}”', what, list.name), failed, scopes: ACTION_SCOPES.saveToLibrary });
        continue;
      }
      const playlist = list.playlist;
      const result = await withViewProgress(() => context.saves.save(playlist, list.version, withoutEntries(list.version.entries, indexes)));
      if (result.kind === 'changedOnSpotify') void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” changed on Spotify since Clean Up read it; nothing was removed there. Run Clean Up again.', list.name));
      else if (result.kind === 'failed') report(context, { done: 0, total: indexes.length, error: result.error }, { done: '', failed, scopes: ACTION_SCOPES.editPlaylists });
      else vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Removed {0} from “{1}”', what, list.name)}`, 5000);
    } catch (error) {
      report(context, { done: 0, total: indexes.length, error: error as SpotifyError }, { done: '', failed, scopes: ACTION_SCOPES.editPlaylists });
    }
  }
}

/** A list of songs found: into a new playlist, or a document to edit first. */
async function offerList(title: string, tracks: readonly TrackRecord[]): Promise<void> {
  if (tracks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: none.', title));
    return;
  }
  const choices: Array<vscode.QuickPickItem & { action: 'playlist' | 'text' }> = [
    { action: 'playlist', label: `$(add) ${vscode.l10n.t('New Playlist from Them...')}`, description: formatCount(tracks.length) },
    { action: 'text', label: `$(edit) ${vscode.l10n.t('Open as Text')}`, description: vscode.l10n.t('one entry a line, to look through or paste elsewhere') },
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: `${title} (${formatCount(tracks.length)})` });
  if (!picked) return;
  if (picked.action === 'text') {
    const document = await vscode.workspace.openTextDocument({ language: 'spotify-playlist', content: `# ${title}\n\n${formatPlaylistText(tracks.flatMap((track) => (trackUri(track) ? [{ uri: trackUri(track)!, title: track.name, artists: track.byline, durationMs: track.durationMs }] : [])))}` });
    await vscode.window.showTextDocument(document);
    return;
  }
  await vscode.commands.executeCommand('spotifyLibrary.newPlaylistFromSelection', undefined, tracks.map((track) => ({ track })));
}

/** Two or more lists combined: union, intersection, or the first minus the others. */
async function combine(lists: readonly CheckedList[]): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    lists.map((list) => ({ label: list.name, description: formatCount(list.version.entries.length), list })),
    { title: vscode.l10n.t('Combine Lists (1/2)'), placeHolder: vscode.l10n.t('Pick two or more lists; the first picked is the one others are taken from'), canPickMany: true },
  );
  if (!picked || picked.length < 2) return;
  const operations = [
    { label: vscode.l10n.t('Union'), description: vscode.l10n.t('songs in any of them'), run: union },
    { label: vscode.l10n.t('Intersection'), description: vscode.l10n.t('songs in all of them'), run: intersection },
    { label: vscode.l10n.t('Difference'), description: vscode.l10n.t('songs in “{0}” and in none of the others', picked[0].label), run: difference },
  ];
  const operation = await vscode.window.showQuickPick(operations, { title: vscode.l10n.t('Combine Lists (2/2)') });
  if (!operation) return;
  const uriLists = picked.map((item) => item.list.version.entries.flatMap((entry) => trackUri(entry) ?? []));
  const result = new Set(operation.run(uriLists[0], uriLists[1], ...uriLists.slice(2)));
  const byUri = new Map(picked.flatMap((item) => item.list.version.entries).map((entry) => [trackUri(entry) ?? '', entry]));
  await offerList(`${operation.label}: ${picked.map((item) => item.label).join(', ')}`, [...result].map((uri) => byUri.get(uri)!).filter(Boolean));
}
