import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import type { PagedList } from '../../library/pagedList';
import { type AlbumRecord, type ArtistRecord, spotifyLinkOf } from '../../library/records';
import { escapeMarkdown } from '../format';
import { AlbumNode } from './albumNode';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import { rowAccessibility } from './rowWords';
import type { NodeContext } from './pageableNode';

/** A followed artist; expands to their albums where Spotify still answers, else says why on the node. */
export class ArtistNode extends LibraryNode {
  constructor(
    id: string,
    parent: LibraryNode,
    readonly artist: ArtistRecord,
    private readonly model: LibraryModel,
    private readonly context: NodeContext,
  ) {
    super(id, parent);
    context.track(`artistAlbums:${artist.id}`, this);
  }

  get entries(): PagedList<AlbumRecord> {
    return this.model.childList('artistAlbums', this.artist);
  }

  getTreeItem(): vscode.TreeItem {
    const { artist } = this;
    const item = new vscode.TreeItem(artist.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = artist.genres;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(artist.name)}**\n\n`);
    if (artist.genres) md.appendMarkdown(`${vscode.l10n.t('Genres: {0}', escapeMarkdown(artist.genres))}  \n`);
    item.tooltip = md;
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = contextValue('artist', { linked: true, pageable: true, marks: this.model.isSaved('artists', this.artist.id) ? ['followed'] : [] });
    item.accessibilityInformation = rowAccessibility({ kind: 'artist', name: artist.name, details: [artist.genres] });
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    return pagedChildren(this, this.entries, this.context.pageSize(), (album, id) => new AlbumNode(id, this, album, this.model, this.context), {
      emptyLabel: vscode.l10n.t('No albums shown to apps'),
      emptyTooltip: vscode.l10n.t('Spotify shows this app no albums of this artist. Open the artist in Spotify to see them.'),
      emptyLink: true,
      parentLink: this.link(),
      refusal: {
        label: vscode.l10n.t('Albums hidden by Spotify'),
        tooltip: vscode.l10n.t('Spotify refused to list this artist’s albums for this app (apps in development mode are limited). Open the artist in Spotify to see them.'),
      },
    });
  }

  link(): SpotifyLink {
    return spotifyLinkOf('artist', this.artist.id);
  }
}
