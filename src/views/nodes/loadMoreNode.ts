import * as vscode from 'vscode';
import type { PagedList } from '../../library/pagedList';
import { formatCount } from '../format';
import { contextValue, LibraryNode } from './libraryNode';

/** The last child of a paging parent: "Load 50 more (50 of 8,213)". */
export class LoadMoreNode extends LibraryNode {
  readonly #list: PagedList<unknown>;
  readonly #pageSize: number;

  constructor(parent: LibraryNode, list: PagedList<unknown>, pageSize: number) {
    super(`${parent.id}/~more`, parent);
    this.#list = list;
    this.#pageSize = pageSize;
  }

  getTreeItem(): vscode.TreeItem {
    const loaded = this.#list.items.length;
    const total = this.#list.total ?? loaded;
    const next = Math.min(this.#pageSize, total - loaded);
    const item = new vscode.TreeItem(`Load ${formatCount(next)} more`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${formatCount(loaded)} of ${formatCount(total)}`;
    item.tooltip = 'Load the next page. Use Load All on the list to load everything.';
    item.iconPath = new vscode.ThemeIcon('fold-down');
    item.contextValue = contextValue('loadMore');
    item.command = { command: 'spotifyLibrary.loadMore', title: 'Load More', arguments: [this.parent] };
    return item;
  }
}
