import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import type { PagedList } from '../../library/pagedList';
import { type AlbumRecord, spotifyLinkOf, type TrackRecord } from '../../library/records';
import { escapeMarkdown, formatDate, formatYear, plural } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import type { NodeContext } from './pageableNode';
import { TrackNode } from './trackNode';

/** A saved album (or one of an artist's): "artists · year · 12 tracks"; expands to its tracks in disc/track order. */
export class AlbumNode extends LibraryNode {
  constructor(
    id: string,
    parent: LibraryNode,
    readonly album: AlbumRecord,
    private readonly model: LibraryModel,
    private readonly context: NodeContext,
  ) {
    super(id, parent);
    context.track(`albumTracks:${album.id}`, this);
  }

  /** Made on first use: a saved album's inline first page fills it without a request. */
  get entries(): PagedList<TrackRecord> {
    return this.model.childList('albumTracks', this.album);
  }

  getTreeItem(): vscode.TreeItem {
    const { album } = this;
    const item = new vscode.TreeItem(album.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = [album.byline || undefined, formatYear(album.releaseDate), album.totalTracks !== undefined ? plural(album.totalTracks, 'track') : undefined]
      .filter(Boolean)
      .join(' · ');
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(album.name)}**\n\n`);
    if (album.byline) md.appendMarkdown(`Artists: ${escapeMarkdown(album.byline)}  \n`);
    if (album.releaseDate) md.appendMarkdown(`Released: ${escapeMarkdown(album.releaseDate)}  \n`);
    if (album.totalTracks !== undefined) md.appendMarkdown(`Tracks: ${album.totalTracks}  \n`);
    const added = formatDate(album.addedAt);
    if (added) md.appendMarkdown(`Saved: ${added}  \n`);
    item.tooltip = md;
    item.iconPath = new vscode.ThemeIcon('record');
    item.contextValue = contextValue('album', { linked: true, pageable: true, marks: this.model.isSaved('albums', album.id) ? ['saved'] : [] });
    item.accessibilityInformation = { label: [album.name, item.description].filter(Boolean).join(', ') };
    return item;
  }

  async getChildren(): Promise<LibraryNode[]> {
    const children = await pagedChildren(this, this.entries, this.context.pageSize(), (track, id) => new TrackNode(id, this, track, { liked: this.model.isLiked(track.id) }), {
      emptyLabel: 'Spotify lists no tracks for this album',
      parentLink: this.link(),
    });
    void this.model.learnLikedState(this.entries.items); // the rows repaint when Spotify says which are liked
    return children;
  }

  link(): SpotifyLink {
    return spotifyLinkOf('album', this.album.id);
  }
}
