import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import type { PagedList } from '../../library/pagedList';
import { type AlbumRecord, spotifyLinkOf, type TrackRecord } from '../../library/records';
import { escapeMarkdown, formatDate, formatReleaseDate, formatYear } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { artworkOr } from './artwork';
import { pagedChildren } from './pagedChildren';
import { countOf, rowAccessibility } from './rowWords';
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
    const tracks = album.totalTracks !== undefined ? countOf(album.totalTracks, 'tracks') : undefined;
    const details = [album.byline || undefined, formatYear(album.releaseDate), tracks];
    item.description = details.filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(album.name)}**\n\n`);
    if (album.byline) md.appendMarkdown(`${vscode.l10n.t('Artists: {0}', escapeMarkdown(album.byline))}  \n`);
    const released = formatReleaseDate(album.releaseDate);
    if (released) md.appendMarkdown(`${vscode.l10n.t('Released: {0}', escapeMarkdown(released))}  \n`);
    if (album.totalTracks !== undefined) md.appendMarkdown(`${vscode.l10n.t('Tracks: {0}', album.totalTracks)}  \n`);
    const added = formatDate(album.addedAt);
    if (added) md.appendMarkdown(`${vscode.l10n.t('Saved: {0}', added)}  \n`);
    item.tooltip = md;
    item.iconPath = artworkOr(album.imageUrl, new vscode.ThemeIcon('record'));
    item.contextValue = contextValue('album', { linked: true, pageable: true, marks: this.model.isSaved('albums', album.id) ? ['saved'] : [] });
    item.accessibilityInformation = rowAccessibility({ kind: 'album', name: album.name, details });
    return item;
  }

  async getChildren(): Promise<LibraryNode[]> {
    return pagedChildren(this, this.entries, this.context.pageSize(), (track, id) => new TrackNode(id, this, track, { liked: this.model.isLiked(track.id), askLiked: () => void this.model.learnLikedState([track]) }), {
      emptyLabel: vscode.l10n.t('No tracks listed'),
      emptyTooltip: vscode.l10n.t('Spotify lists no tracks for this album.'),
      parentLink: this.link(),
    });
  }

  link(): SpotifyLink {
    return spotifyLinkOf('album', this.album.id);
  }
}
