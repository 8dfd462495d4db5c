import * as vscode from 'vscode';
import { formatCount } from '../format';
import { contextValue, LibraryNode } from './libraryNode';
import type { PageableNode } from './pageableNode';
import { rowAccessibility } from './rowWords';
import { shownRows } from '../shownRows';

/** The last child of every paging parent: "Load 50 more (50 of 8,213)". */
export class LoadMoreNode extends LibraryNode {
  readonly #parent: PageableNode;
  readonly #pageSize: number;

  constructor(parent: PageableNode, pageSize: number) {
    super(`${parent.id}/~more`, parent);
    this.#parent = parent;
    this.#pageSize = pageSize;
  }

  getTreeItem(): vscode.TreeItem {
    const list = this.#parent.entries;
    const loaded = Math.min(list.items.length, shownRows.count(list, this.#pageSize));
    const total = list.total ?? loaded;
    const next = Math.min(this.#pageSize, total - loaded);
    const item = new vscode.TreeItem(vscode.l10n.t('Load {0} more', formatCount(next)), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = vscode.l10n.t('{0} of {1}', formatCount(loaded), formatCount(total));
    item.tooltip = vscode.l10n.t('Load the next page. Use Load All on the list to load everything.');
    item.iconPath = new vscode.ThemeIcon('fold-down');
    item.contextValue = contextValue('loadMore');
    item.command = { command: 'spotifyLibrary.loadMore', title: vscode.l10n.t('Load More'), arguments: [this.#parent] };
    item.accessibilityInformation = rowAccessibility({
      kind: 'loadMore',
      name: item.label as string,
      states: { loading: list.isLoading },
      details: [vscode.l10n.t('{0} of {1} loaded', formatCount(loaded), formatCount(total))],
    });
    return item;
  }
}
