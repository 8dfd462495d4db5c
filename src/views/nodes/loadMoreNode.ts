import * as vscode from 'vscode';
import { formatCount } from '../format';
import { contextValue, LibraryNode } from './libraryNode';
import type { PageableNode } from './pageableNode';

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
    const loaded = list.items.length;
    const total = list.total ?? loaded;
    const next = Math.min(this.#pageSize, total - loaded);
    const item = new vscode.TreeItem(`Load ${formatCount(next)} more`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${formatCount(loaded)} of ${formatCount(total)}`;
    item.tooltip = 'Load the next page. Use Load All on the list to load everything.';
    item.iconPath = new vscode.ThemeIcon('fold-down');
    item.contextValue = contextValue('loadMore');
    item.command = { command: 'spotifyLibrary.loadMore', title: 'Load More', arguments: [this.#parent] };
    return item;
  }
}
