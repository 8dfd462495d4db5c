import * as vscode from 'vscode';
import type { LibraryModel } from '../../library/libraryModel';
import { type PlaylistRecord, playlistUri, playlistUrl } from '../../library/records';
import { escapeMarkdown } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { artworkOr } from './artwork';
import { pagedChildren } from './pagedChildren';
import { countOf, rowAccessibility } from './rowWords';
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
    const owner = playlist.ownerId && playlist.ownerId === this.#accountId ? undefined : vscode.l10n.t('by {0}', playlist.ownerName);
    // Spotify shows apps no entries of a playlist the user only follows: the row says so before it is opened.
    const hidden = !!owner && !playlist.collaborative && !!this.#accountId;
    const tracks = hidden ? vscode.l10n.t('tracks hidden by Spotify') : playlist.total !== undefined ? countOf(playlist.total, 'tracks') : undefined;
    item.description = [tracks, owner].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(`**${escapeMarkdown(playlist.name)}**\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Owner: {0}', escapeMarkdown(playlist.ownerName))}  \n`);
    if (playlist.total !== undefined) tooltip.appendMarkdown(`${vscode.l10n.t('Tracks: {0}', playlist.total)}  \n`);
    if (playlist.collaborative) tooltip.appendMarkdown(`${vscode.l10n.t('Collaborative')}  \n`);
    if (hidden) tooltip.appendMarkdown(`\n${vscode.l10n.t('Spotify lets apps read only the playlists you own or collaborate on: open it in Spotify to see its tracks.')}`);
    item.tooltip = tooltip;
    item.iconPath = artworkOr(playlist.imageUrl, new vscode.ThemeIcon(playlist.collaborative ? 'organization' : 'list-unordered'));
    item.contextValue = contextValue('playlist', { linked: true, pageable: true, marks: [...(this.#model.canEdit(playlist) ? ['editable'] : []), ...(playlist.ownerId !== undefined && playlist.ownerId === this.#accountId ? ['own'] : [])] });
    item.accessibilityInformation = rowAccessibility({
      kind: 'playlist',
      name: playlist.name,
      states: { collaborative: playlist.collaborative },
      details: [tracks, owner],
    });
    return item;
  }

  async getChildren(): Promise<LibraryNode[]> {
    const removable = this.#model.canEdit(this.playlist);
    return pagedChildren(this, this.entries, this.#pageSize(), (track, id) => new TrackNode(id, this, track, { liked: this.#model.isLiked(track.id), askLiked: () => void this.#model.learnLikedState([track]), removable: removable && track.kind !== 'removed' }), {
      emptyLabel: vscode.l10n.t('This playlist is empty'),
      parentLink: this.link(),
    });
  }

  link(): SpotifyLink {
    return { url: playlistUrl(this.playlist), uri: playlistUri(this.playlist) };
  }
}
