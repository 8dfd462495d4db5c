import * as vscode from 'vscode';
import type { LibraryIndexer } from '../library/indexer';
import type { LibraryModel } from '../library/libraryModel';
import type { PagedList } from '../library/pagedList';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { type ListArrangement, listIdOfNode, ordersFor } from '../views/sortAndFilter';
import { SECTION_INFO, type SectionId } from '../common/sections';
import { shownRows } from '../views/shownRows';

type ListNode = LibraryNode & { readonly entries: PagedList<unknown>; readonly playlist?: { id: string; name: string } };

function isListNode(node: unknown): node is ListNode {
  return typeof node === 'object' && node !== null && 'entries' in node;
}

const FILTERED_CONTEXT = 'spotifyLibrary:filtered';

/** The list's name as the user sees it in titles. */
function nameOf(node: ListNode): string {
  if (node.playlist) return node.playlist.name;
  return node.id in SECTION_INFO ? SECTION_INFO[node.id as SectionId].label : node.id;
}

/** The view's note while filtered: the user's own words, quoted, and where they apply. */
function filterMessage(text: string, listId: string | undefined): string {
  if (listId === undefined) return vscode.l10n.t("Showing matches for “{0}”. Clear Filter in the view's toolbar shows everything again.", text);
  const sectionId = listId.replace(/^section:/, '');
  const where = sectionId in SECTION_INFO ? SECTION_INFO[sectionId as SectionId].label : undefined;
  return where
    ? vscode.l10n.t("Showing matches for “{0}” in {1}. Clear Filter in the view's toolbar shows everything again.", text, where)
    : vscode.l10n.t("Showing matches for “{0}” in one playlist. Clear Filter in the view's toolbar shows everything again.", text);
}

/**
 * Sort By... and Filter... on the view's lists. Sorting and filtering need the whole list: what is
 * missing loads first, with progress in the view (the indexer may already have it all).
 */
export function registerSortFilterCommands(model: LibraryModel, view: LibraryView, indexer: LibraryIndexer, arrangement: ListArrangement): vscode.Disposable {
  const loadWhole = (node: ListNode): Thenable<void> => {
    shownRows.showAll(node.entries); // the user asked for the whole list, sorted: it stays whole
    return node.entries.hasMore ? vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' }, title: vscode.l10n.t('Loading all of {0}', nameOf(node)) }, () => node.entries.loadAllForUser()) : Promise.resolve();
  };

  const showFilter = async () => {
    const filter = arrangement.filter;
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, !!filter);
    // Plain text: the user's own words, quoted.
    view.setFilterMessage(filter ? filterMessage(filter.text, filter.listId) : undefined);
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
        orders.map((o) => ({ label: o.label, order: o.order, description: o.order === current ? vscode.l10n.t('current') : undefined })),
        // Liked Songs offers no "Custom order" (its own order is Recently added): no hint about one.
        { title: vscode.l10n.t('Sort {0} By', nameOf(node)), placeHolder: listId === 'liked' ? undefined : vscode.l10n.t('Custom order is the list as Spotify keeps it') },
      );
      if (!picked) return;
      if (picked.order !== 'custom') await loadWhole(node);
      await arrangement.setSort(listId, picked.order);
      view.tree.refreshNode(node);
      // A new order starts at its first row: the list's header comes into view (Sort By may come from the sticky header of a list scrolled far down).
      await Promise.resolve(view.treeView.reveal(node, { select: false, focus: false, expand: true })).catch(() => undefined);
    }),
    vscode.commands.registerCommand('spotifyLibrary.filter', async (node?: LibraryNode) => {
      const list = isListNode(node) ? node : undefined;
      const text = await vscode.window.showInputBox({
        title: list ? vscode.l10n.t('Filter {0}', nameOf(list)) : vscode.l10n.t('Filter the Library'),
        prompt: vscode.l10n.t('Words from a title, artist, album or owner, in any order'),
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
