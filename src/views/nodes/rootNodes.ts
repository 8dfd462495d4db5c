import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import { LIKED_SONGS_URI, LIKED_SONGS_URL } from '../../library/records';
import { formatCount } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import { sectionAccessibility } from './rowWords';
import { SECTION_INFO } from '../../common/sections';
import { PlaylistNode } from './playlistNode';
import { TrackNode } from './trackNode';

/** Liked Songs: the user's saved tracks, newest first. */
export class LikedSongsNode extends LibraryNode {
  readonly #model: LibraryModel;
  readonly #pageSize: () => number;

  constructor(model: LibraryModel, pageSize: () => number) {
    super('liked', undefined);
    this.#model = model;
    this.#pageSize = pageSize;
  }

  get entries() {
    return this.#model.liked;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(SECTION_INFO.liked.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.#model.liked.total !== undefined ? formatCount(this.#model.liked.total) : undefined;
    item.tooltip = SECTION_INFO.liked.tooltip;
    item.iconPath = new vscode.ThemeIcon('heart');
    item.contextValue = contextValue('liked', { linked: true, pageable: true });
    item.accessibilityInformation = sectionAccessibility(labelOf(item), 'liked', this.#model.liked);
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    return pagedChildren(this, this.#model.liked, this.#pageSize(), (track, id) => new TrackNode(id, this, track, { liked: track.kind === 'track' }), {
      emptyLabel: vscode.l10n.t('No liked songs yet'),
    });
  }

  link(): SpotifyLink {
    return { url: LIKED_SONGS_URL, uri: LIKED_SONGS_URI };
  }
}

/** Playlists the user owns, collaborates on or follows. */
export class PlaylistsNode extends LibraryNode {
  /** One node per playlist id, reused so the view can be told exactly which one changed. */
  readonly #playlistNodes = new Map<string, PlaylistNode>();

  readonly #model: LibraryModel;
  readonly #pageSize: () => number;

  constructor(model: LibraryModel, pageSize: () => number) {
    super('playlists', undefined);
    this.#model = model;
    this.#pageSize = pageSize;
  }

  get entries() {
    return this.#model.playlists;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(SECTION_INFO.playlists.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.#model.playlists.total !== undefined ? formatCount(this.#model.playlists.total) : undefined;
    item.tooltip = SECTION_INFO.playlists.tooltip;
    item.iconPath = new vscode.ThemeIcon('library');
    item.contextValue = contextValue('playlists', { pageable: true });
    item.accessibilityInformation = sectionAccessibility(labelOf(item), 'playlists', this.#model.playlists);
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    const accountId = this.#model.currentAccountId;
    return pagedChildren(this, this.#model.playlists, this.#pageSize(), (playlist, id) => {
      const existing = this.#playlistNodes.get(playlist.id);
      if (existing && existing.id === id) {
        existing.playlist = playlist;
        return existing;
      }
      const node = new PlaylistNode(id, this, playlist, this.#model, this.#pageSize, accountId);
      this.#playlistNodes.set(playlist.id, node);
      return node;
    }, { emptyLabel: vscode.l10n.t('No playlists yet') });
  }

  nodeFor(playlistId: string): PlaylistNode | undefined {
    return this.#playlistNodes.get(playlistId);
  }

  forgetNodes(): void {
    this.#playlistNodes.clear();
  }
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}
