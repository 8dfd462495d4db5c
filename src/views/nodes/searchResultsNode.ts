import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import type { AlbumRecord, ArtistRecord, PlaylistRecord, ShowRecord, TrackRecord } from '../../library/records';
import { formatCount } from '../format';
import { AlbumNode } from './albumNode';
import { ArtistNode } from './artistNode';
import { EpisodeNode } from './episodeNode';
import { contextValue, LibraryNode } from './libraryNode';
import type { NodeContext } from './pageableNode';
import { PlaylistNode } from './playlistNode';
import { ShowNode } from './showNode';
import { TrackNode } from './trackNode';

/** Something found in Spotify's catalog (Search Spotify), as the library's records. */
export type CatalogItem =
  | { readonly kind: 'track' | 'episode'; readonly track: TrackRecord }
  | { readonly kind: 'album'; readonly album: AlbumRecord }
  | { readonly kind: 'artist'; readonly artist: ArtistRecord }
  | { readonly kind: 'playlist'; readonly playlist: PlaylistRecord }
  | { readonly kind: 'show'; readonly show: ShowRecord };

export function catalogItemId(item: CatalogItem): string {
  switch (item.kind) {
    case 'track':
    case 'episode':
      return item.track.id ?? item.track.name;
    case 'album':
      return item.album.id;
    case 'artist':
      return item.artist.id;
    case 'playlist':
      return item.playlist.id;
    case 'show':
      return item.show.id;
  }
}

/**
 * Search Results: the albums, artists, playlists and podcasts the user opened from Search Spotify,
 * newest on top, each the same node the library shows (it browses and pages as there). Shown at
 * the top of the view while it holds something; Close empties it. The quick pick's rows are made
 * here too, so a result does what the same row in the library does.
 */
export class SearchResultsNode extends LibraryNode {
  #opened: LibraryNode[] = [];

  constructor(
    private readonly model: LibraryModel,
    private readonly context: NodeContext,
  ) {
    super('searchResults', undefined);
  }

  get isEmpty(): boolean {
    return this.#opened.length === 0;
  }

  /** A row for `item` under this node (not shown in the tree until opened). */
  nodeFor(item: CatalogItem): LibraryNode {
    const id = `searchResults/${item.kind}/${catalogItemId(item)}`;
    switch (item.kind) {
      case 'track':
        return new TrackNode(id, this, item.track, { liked: this.model.isLiked(item.track.id), askLiked: () => undefined });
      case 'episode':
        return new EpisodeNode(id, this, item.track);
      case 'album':
        return new AlbumNode(id, this, item.album, this.model, this.context);
      case 'artist':
        return new ArtistNode(id, this, item.artist, this.model, this.context);
      case 'playlist':
        return new PlaylistNode(id, this, item.playlist, this.model, this.context.pageSize, this.model.currentAccountId);
      case 'show':
        return new ShowNode(id, this, item.show, this.model, this.context);
    }
  }

  /** Puts `item` on top (once) and answers its node, for the view to reveal. */
  open(item: CatalogItem): LibraryNode {
    const node = this.nodeFor(item);
    this.#opened = [node, ...this.#opened.filter((opened) => opened.id !== node.id)];
    return node;
  }

  clear(): void {
    this.#opened = [];
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Search Results'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = formatCount(this.#opened.length);
    item.tooltip = vscode.l10n.t('What you opened from Search Spotify. Close it when done.');
    item.iconPath = new vscode.ThemeIcon('search');
    item.contextValue = contextValue('searchResults');
    return item;
  }

  getChildren(): LibraryNode[] {
    return this.#opened;
  }
}
