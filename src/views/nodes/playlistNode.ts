import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import { type PlaylistRecord, playlistUri, playlistUrl } from '../../library/records';
import { escapeMarkdown, plural } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import { TrackNode } from './trackNode';

export class PlaylistNode extends LibraryNode {
  readonly #model: LibraryModel;
  readonly #pageSize: () => number;
  readonly #accountId: string | undefined;

  constructor(
    id: string,
    parent: LibraryNode,
    public playlist: PlaylistRecord,
    model: LibraryModel,
    pageSize: () => number,
    accountId: string | undefined,
  ) {
    super(id, parent);
    this.#model = model;
    this.#pageSize = pageSize;
    this.#accountId = accountId;
  }

  get entries() {
    return this.#model.entriesOf(this.playlist);
  }

  getTreeItem(): vscode.TreeItem {
    const { playlist } = this;
    const item = new vscode.TreeItem(playlist.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const owner = playlist.ownerId && playlist.ownerId === this.#accountId ? undefined : `by ${playlist.ownerName}`;
    item.description = [playlist.total !== undefined ? plural(playlist.total, 'track') : undefined, owner].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(playlist.name)}**\n\n`);
    tooltip.appendMarkdown(`Owner: ${escapeMarkdown(playlist.ownerName)}  \n`);
    if (playlist.total !== undefined) tooltip.appendMarkdown(`Tracks: ${playlist.total}  \n`);
    if (playlist.collaborative) tooltip.appendMarkdown('Collaborative  \n');
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(playlist.collaborative ? 'organization' : 'list-unordered');
    item.contextValue = contextValue('playlist', { linked: true, pageable: true, marks: this.#model.canEdit(playlist) ? ['editable'] : [] });
    return item;
  }

  async getChildren(): Promise<LibraryNode[]> {
    const removable = this.#model.canEdit(this.playlist);
    const children = await pagedChildren(this, this.entries, this.#pageSize(), (track, id) => new TrackNode(id, this, track, { liked: this.#model.isLiked(track.id), removable: removable && track.kind !== 'removed' }), {
      emptyLabel: 'This playlist is empty',
      parentLink: this.link(),
    });
    void this.#model.learnLikedState(this.entries.items); // the rows repaint when Spotify says which are liked
    return children;
  }

  link(): SpotifyLink {
    return { url: playlistUrl(this.playlist), uri: playlistUri(this.playlist) };
  }
}
