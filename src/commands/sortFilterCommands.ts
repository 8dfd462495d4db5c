import * as vscode from 'vscode';
import type { LibraryIndexer } from '../library/indexer';
import type { LibraryModel } from '../library/libraryModel';
import type { PagedList } from '../library/pagedList';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { type ListArrangement, listIdOfNode, ordersFor } from '../views/sortAndFilter';

type ListNode = LibraryNode & { readonly entries: PagedList<unknown>; readonly playlist?: { id: string; name: string } };

function isListNode(node: unknown): node is ListNode {
  return typeof node === 'object' && node !== null && 'entries' in node;
}

const FILTERED_CONTEXT = 'spotifyLibrary:filtered';

/** The list's name as the user sees it in titles. */
function nameOf(node: ListNode): string {
  if (node.playlist) return node.playlist.name;
  return node.id === 'liked' ? 'Liked Songs' : 'Playlists';
}

/**
 * Sort By... and Filter... on the view's lists. Sorting and filtering need the whole list: what is
 * missing loads first, with progress in the view (the indexer may already have it all).
 */
export function registerSortFilterCommands(model: LibraryModel, view: LibraryView, indexer: LibraryIndexer, arrangement: ListArrangement): vscode.Disposable {
  const loadWhole = (node: ListNode): Thenable<void> =>
    node.entries.hasMore ? vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' }, title: `Loading all of ${nameOf(node)}` }, () => node.entries.loadAll()) : Promise.resolve();

  const showFilter = async () => {
    const filter = arrangement.filter;
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, !!filter);
    // Plain text: the user's own words, quoted.
    view.setFilterMessage(filter ? `Showing matches for “${filter.text}”${filter.listId ? ` in ${filter.listId === 'liked' ? 'Liked Songs' : filter.listId === 'playlists' ? 'Playlists' : 'one playlist'}` : ''}. Clear Filter in the view's toolbar shows everything again.` : undefined);
    view.tree.refreshNode(undefined);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('spotifyLibrary.sortBy', async (node?: LibraryNode) => {
      if (!isListNode(node)) return;
      const listId = listIdOfNode(node);
      if (!listId) return;
      const orders = ordersFor(listId);
      const current = arrangement.sortOf(listId);
      const picked = await vscode.window.showQuickPick(
        orders.map((o) => ({ label: o.label, order: o.order, description: o.order === current ? 'current' : undefined })),
        { title: `Sort ${nameOf(node)} By`, placeHolder: 'Custom order is the list as Spotify keeps it' },
      );
      if (!picked) return;
      if (picked.order !== 'custom') await loadWhole(node);
      await arrangement.setSort(listId, picked.order);
      view.tree.refreshNode(node);
    }),
    vscode.commands.registerCommand('spotifyLibrary.filter', async (node?: LibraryNode) => {
      const list = isListNode(node) ? node : undefined;
      const text = await vscode.window.showInputBox({
        title: list ? `Filter ${nameOf(list)}` : 'Filter the Library',
        prompt: 'Words from a title, artist, album or owner, in any order',
        value: arrangement.filter?.text ?? '',
      });
      if (text === undefined) return;
      arrangement.setFilter(text.trim() ? { text: text.trim(), listId: list ? listIdOfNode(list) : undefined } : undefined);
      await showFilter();
      // Matches in pages never loaded: the list's rest now, or the whole library through the indexer.
      if (!arrangement.filter) return;
      if (list) await loadWhole(list);
      else if (!indexer.paused) indexer.start();
    }),
    vscode.commands.registerCommand('spotifyLibrary.clearFilter', async () => {
      arrangement.setFilter(undefined);
      await showFilter();
    }),
    // A filter belongs to the library it was typed over.
    model.onDidChange(() => {
      if (!model.currentAccountId && arrangement.filter) {
        arrangement.setFilter(undefined);
        void showFilter();
      }
    }),
  );
}
