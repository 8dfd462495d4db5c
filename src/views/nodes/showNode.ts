import * as vscode from 'vscode';
import { RESUME_POINT_SCOPE } from '../../common/sections';
import type { LibraryModel } from '../../library/libraryModel';
import type { PagedList } from '../../library/pagedList';
import { type ShowRecord, spotifyLinkOf, type TrackRecord } from '../../library/records';
import { grantAccessNode } from '../errorPresentation';
import { escapeMarkdown, formatDate } from '../format';
import { EpisodeNode } from './episodeNode';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { artworkOr } from './artwork';
import { pagedChildren } from './pagedChildren';
import { countOf, rowAccessibility } from './rowWords';
import type { NodeContext } from './pageableNode';

/** A saved podcast; expands to its episodes, newest first. */
export class ShowNode extends LibraryNode {
  constructor(
    id: string,
    parent: LibraryNode,
    readonly show: ShowRecord,
    private readonly model: LibraryModel,
    private readonly context: NodeContext,
  ) {
    super(id, parent);
    context.track(`showEpisodes:${show.id}`, this);
  }

  get entries(): PagedList<TrackRecord> {
    return this.model.childList('showEpisodes', this.show);
  }

  getTreeItem(): vscode.TreeItem {
    const { show } = this;
    const item = new vscode.TreeItem(show.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = show.totalEpisodes !== undefined ? countOf(show.totalEpisodes, 'episodes') : undefined;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(show.name)}**\n\n`);
    if (show.totalEpisodes !== undefined) md.appendMarkdown(`${vscode.l10n.t('Episodes: {0}', show.totalEpisodes)}  \n`);
    const added = formatDate(show.addedAt);
    if (added) md.appendMarkdown(`${vscode.l10n.t('Saved: {0}', added)}  \n`);
    item.tooltip = md;
    item.iconPath = artworkOr(show.imageUrl, new vscode.ThemeIcon('broadcast'));
    item.contextValue = contextValue('show', { linked: true, pageable: true, marks: this.model.isSaved('shows', this.show.id) ? ['saved'] : [] });
    item.accessibilityInformation = rowAccessibility({ kind: 'show', name: show.name, details: [item.description] });
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    const missing = this.model.missingScopes([RESUME_POINT_SCOPE]);
    return pagedChildren(this, this.entries, this.context.pageSize(), (episode, id) => new EpisodeNode(id, this, episode, this.model.isSaved('episodes', episode.id)), {
      emptyLabel: vscode.l10n.t('No episodes'),
      emptyTooltip: vscode.l10n.t('This podcast has no episodes.'),
      parentLink: this.link(),
      head: missing.length > 0 ? [grantAccessNode(`${this.id}/~resume`, this, missing, vscode.l10n.t('Show where you left off'))] : undefined,
    });
  }

  link(): SpotifyLink {
    return spotifyLinkOf('show', this.show.id);
  }
}
