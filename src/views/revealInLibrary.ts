import type { SectionId } from '../common/sections';
import type * as vscode from 'vscode';
import type { PagedList } from '../library/pagedList';
import type { LibraryTreeProvider } from './libraryTreeProvider';
import type { LibraryNode } from './nodes/libraryNode';
import { shownRows } from './shownRows';

/** Where an entry is: its list ("liked", "playlists", "playlist:<id>"), its position, and the key Find knows it by. */
export interface EntryLocation {
  readonly listId: string;
  readonly index: number;
  /** The entry's Spotify URI (Find's dedupe key), to check the row found is the one meant. */
  readonly key: string;
}

interface PagingNode extends LibraryNode {
  readonly entries: PagedList<unknown>;
}

/**
 * Finds the tree node of an entry, loading what the tree lacks on the way: the page of the
 * playlist list its playlist is on, then the page of the list the entry is on. The node is one the
 * provider itself returns, so TreeView.reveal can expand its path and select it.
 */
export async function nodeForEntry(
  tree: LibraryTreeProvider,
  location: EntryLocation,
  keyOf: (node: LibraryNode) => string | undefined,
): Promise<LibraryNode | undefined> {
  const parent = await parentOfList(tree, location.listId);
  if (!parent) return undefined;
  await loadThrough(parent.entries, location.index);
  shownRows.showThrough(parent.entries, location.index, tree.pageSize());
  const children = await parent.getChildren();
  const atIndex = children[location.index];
  if (atIndex && keyOf(atIndex) === location.key) return atIndex;
  // The list moved since it was indexed: the entry by its key, wherever it is now.
  return children.find((child) => keyOf(child) === location.key);
}

/**
 * TreeView.reveal of `node`: expands its path, selects it; retried while the view catches up with
 * new children, and while a list that grows meanwhile (the index reading pages) re-renders it away.
 * Resolves true once the row stays selected, false if it never did.
 */
export async function revealNode(treeView: vscode.TreeView<LibraryNode>, node: LibraryNode, options: { expand?: boolean; focus?: boolean }): Promise<boolean> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await treeView.reveal(node, { select: true, focus: options.focus ?? true, expand: options.expand ?? false });
      // A refresh of its list right after the reveal can drop the selection: look again a moment later.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      if (treeView.selection.some((selected) => selected.id === node.id)) return true;
    } catch (error) {
      // "Data tree node not found": the view has not rendered the parent's new children yet.
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
  if (lastError) throw lastError instanceof Error ? lastError : new Error('the view did not show the row');
  return false;
}

/** How long a revealed row must stay selected to count as shown. */
const SETTLE_MS = 150;

async function parentOfList(tree: LibraryTreeProvider, listId: string): Promise<PagingNode | undefined> {
  if (listId === 'liked') return tree.likedSongs;
  if (listId === 'playlists') return tree.playlists;
  const section = /^section:(\w+)$/.exec(listId)?.[1] as SectionId | undefined;
  if (section && section in tree.roots) return tree.roots[section];
  if (!listId.startsWith('playlist:')) return undefined;
  const playlistId = listId.slice('playlist:'.length);
  const playlists = tree.playlists.entries;
  await playlists.ensureLoaded();
  while (!playlists.items.some((playlist) => playlist.id === playlistId) && playlists.hasMore && !playlists.error) await playlists.loadMore();
  shownRows.showThrough(playlists, playlists.items.findIndex((playlist) => playlist.id === playlistId), tree.pageSize());
  await tree.playlists.getChildren(); // makes the playlist's node, the one the view will be given
  return tree.playlists.nodeFor(playlistId);
}

/** Loads pages until the list holds position `index` (or ends, or fails). */
async function loadThrough(list: PagedList<unknown>, index: number): Promise<void> {
  await loadUntil(list, () => list.items.length > index);
}

/** Loads the list's pages, as Load more does (interactive: the user asked), until `found` says so, the list ends or fails. */
export async function loadUntil(list: PagedList<unknown>, found: () => boolean): Promise<void> {
  await list.ensureLoaded();
  await list.whenIdle();
  while (!found() && list.hasMore && !list.error) {
    const before = list.nextOffset;
    await list.loadMore();
    await list.whenIdle();
    if (list.nextOffset === before) return; // nothing more came: do not spin
  }
}
