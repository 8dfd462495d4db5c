/**
 * Comparing a backup with the library now (issue 22): one list's entries (added, removed, moved)
 * and the whole library by its indexes (playlists gone, emptied, renamed, changed, new; songs
 * unliked since). Pure: the caller reads the files and the library.
 *
 * A move is what a line diff cannot see: the longest common subsequence (playlistMerge.ts's
 * commonSubsequence, Myers' diff) keeps the entries that stayed in order; of the rest, an entry
 * both left out of the backup and out of now moved (paired in order, copy by copy), the others
 * were removed or added. So `a b c` → `c a b` is one move of `c`, not a removal and an addition;
 * duplicates count copy by copy.
 */
import type { BackupIndex, BackupIndexList } from './backupFormats';
import { commonSubsequence } from './playlistMerge';

export interface ListEntryChange {
  readonly uri: string;
  /** Where it stands: in the backup for a removal, now for an addition. */
  readonly index: number;
}

export interface ListEntryMove {
  readonly uri: string;
  readonly from: number;
  readonly to: number;
}

export interface ListComparison {
  /** In now, not in the backup; by index in now. */
  readonly added: ListEntryChange[];
  /** In the backup, not now; by index in the backup. */
  readonly removed: ListEntryChange[];
  /** In both, out of the order the rest kept; by index in now. */
  readonly moved: ListEntryMove[];
}

export function compareLists(backup: readonly string[], now: readonly string[]): ListComparison {
  const keptBackup = new Array<boolean>(backup.length).fill(false);
  const keptNow = new Array<boolean>(now.length).fill(false);
  for (const [from, to] of commonSubsequence(backup, now)) {
    keptBackup[from] = true;
    keptNow[to] = true;
  }
  const leftInBackup = new Map<string, number[]>();
  backup.forEach((uri, index) => {
    if (!keptBackup[index]) leftInBackup.set(uri, [...(leftInBackup.get(uri) ?? []), index]);
  });
  const added: ListEntryChange[] = [];
  const moved: ListEntryMove[] = [];
  now.forEach((uri, index) => {
    if (keptNow[index]) return;
    const from = leftInBackup.get(uri)?.shift();
    if (from === undefined) added.push({ uri, index });
    else moved.push({ uri, from, to: index });
  });
  const removed = [...leftInBackup.entries()].flatMap(([uri, indexes]) => indexes.map((index) => ({ uri, index }))).sort((a, b) => a.index - b.index);
  return { added, removed, moved };
}

export interface PlaylistRename {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

export interface LibraryComparison {
  /** Playlists in the backup that the library no longer has (deleted or unfollowed). */
  readonly gone: BackupIndexList[];
  /** Playlists with entries in the backup and none now, as the backup has them (their count is the backup's). */
  readonly emptied: BackupIndexList[];
  readonly renamed: PlaylistRename[];
  /** Playlists whose entries changed (another snapshot id, or another count): the ones worth a compareLists. Emptied ones included. */
  readonly changed: BackupIndexList[];
  /** Playlists now that the backup does not have. */
  readonly added: BackupIndexList[];
  /** Liked Songs in the backup that are not liked now, in the backup's order. */
  readonly unliked: string[];
}

/** The library now against a backup, playlists by id; `liked` gives Liked Songs' URIs of both (the index holds only counts). */
export function compareLibraries(backup: BackupIndex, now: BackupIndex, liked?: { readonly backup: readonly string[]; readonly now: readonly string[] }): LibraryComparison {
  const playlists = (index: BackupIndex) => new Map(index.lists.filter((list) => list.kind === 'playlist' && list.id !== undefined).map((list) => [list.id!, list]));
  const before = playlists(backup);
  const after = playlists(now);
  const gone: BackupIndexList[] = [];
  const emptied: BackupIndexList[] = [];
  const renamed: PlaylistRename[] = [];
  const changed: BackupIndexList[] = [];
  for (const [id, list] of before) {
    const current = after.get(id);
    if (!current) {
      gone.push(list);
      continue;
    }
    if (list.count > 0 && current.count === 0) emptied.push(list);
    if (current.name !== list.name) renamed.push({ id, from: list.name, to: current.name });
    const snapshotDiffers = list.snapshotId !== undefined && current.snapshotId !== undefined && list.snapshotId !== current.snapshotId;
    if (snapshotDiffers || current.count !== list.count) changed.push(current);
  }
  const added = [...after.values()].filter((list) => !before.has(list.id!));
  const likedNow = new Set(liked?.now ?? []);
  const unliked = (liked?.backup ?? []).filter((uri) => !likedNow.has(uri));
  return { gone, emptied, renamed, changed, added, unliked };
}
