import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { LibraryChange, LibraryModel } from '../library/libraryModel';
import type { LibraryNode } from './nodes/libraryNode';
import { LikedSongsNode, PlaylistsNode } from './nodes/rootNodes';
import { decorateItem } from './sortAndFilterItems';

/**
 * The Library view's data: two roots while signed in, nothing while signed out (the welcome view
 * shows then). Model changes refresh just the node whose list changed.
 */
export class LibraryTreeProvider extends Disposable implements vscode.TreeDataProvider<LibraryNode> {
  readonly #changeEmitter = this._register(new vscode.EventEmitter<LibraryNode | undefined>());
  readonly onDidChangeTreeData = this.#changeEmitter.event;

  readonly likedSongs: LikedSongsNode;
  readonly playlists: PlaylistsNode;
  #signedIn = false;
  #pending = new Set<LibraryNode | undefined>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(model: LibraryModel, pageSize: () => number) {
    super();
    this.likedSongs = new LikedSongsNode(model, pageSize);
    this.playlists = new PlaylistsNode(model, pageSize);
    this._register(model.onDidChange((change) => this.#onModelChange(change)));
  }

  setSignedIn(signedIn: boolean): void {
    if (this.#signedIn === signedIn) return;
    this.#signedIn = signedIn;
    this.playlists.forgetNodes();
    this.refreshNode(undefined);
  }

  getTreeItem(node: LibraryNode): vscode.TreeItem {
    return decorateItem(node, node.getTreeItem());
  }

  getChildren(node?: LibraryNode): vscode.ProviderResult<LibraryNode[]> {
    if (!node) return this.#signedIn ? [this.likedSongs, this.playlists] : [];
    return node.getChildren();
  }

  getParent(node: LibraryNode): LibraryNode | undefined {
    return node.parent;
  }

  /** Coalesces refreshes within a tick: one page load can report several changes. */
  refreshNode(node: LibraryNode | undefined): void {
    this.#pending.add(node);
    if (this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      const nodes = this.#pending;
      this.#pending = new Set();
      if (nodes.has(undefined)) return this.#changeEmitter.fire(undefined);
      for (const changed of nodes) this.#changeEmitter.fire(changed);
    }, 0);
  }

  #onModelChange(change: LibraryChange): void {
    if (!this.#signedIn) return;
    switch (change.list) {
      case 'liked':
        return this.refreshNode(this.likedSongs);
      case 'playlists':
        return this.refreshNode(this.playlists);
      case 'playlist': {
        const node = this.playlists.nodeFor(change.playlistId);
        if (node) this.refreshNode(node);
      }
    }
  }

  override dispose(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    super.dispose();
  }
}
