import * as vscode from 'vscode';
import { spotifyLinkOf, type TrackRecord } from '../../library/records';
import { escapeMarkdown, formatDate, formatDuration, formatReleaseDate, formatResume } from '../format';
import { rowClickCommand } from '../rowClick';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { rowAccessibility } from './rowWords';

/** An episode of a podcast or of Your Episodes: release date, length, and where the user left off. */
export class EpisodeNode extends LibraryNode {
  /** `saved`: in Your Episodes (undefined: not known). */
  constructor(id: string, parent: LibraryNode, readonly track: TrackRecord, readonly saved?: boolean) {
    super(id, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const episode = this.track;
    const item = new vscode.TreeItem(episode.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const resume = formatResume(episode.durationMs, episode.resumeMs, episode.played);
    item.description = [episode.byline || undefined, formatReleaseDate(episode.releaseDate), formatDuration(episode.durationMs) || undefined, resume].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(episode.name)}**\n\n`);
    const lines: Array<[string, string | undefined]> = [
      [vscode.l10n.t('Podcast'), episode.byline || undefined],
      [vscode.l10n.t('Released'), formatReleaseDate(episode.releaseDate)],
      [vscode.l10n.t('Length'), formatDuration(episode.durationMs) || undefined],
      [vscode.l10n.t('Progress'), resume],
      [vscode.l10n.t('Saved'), formatDate(episode.addedAt)],
    ];
    for (const [label, value] of lines) if (value) md.appendMarkdown(`${label}: `).appendMarkdown(escapeMarkdown(value)).appendMarkdown('  \n');
    item.tooltip = md;
    item.iconPath = episode.kind === 'episode' ? new vscode.ThemeIcon(episode.played ? 'pass' : 'radio-tower') : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = contextValue(episode.kind, { linked: !!this.link(), marks: this.saved ? ['saved'] : [] });
    item.accessibilityInformation = rowAccessibility({
      kind: episode.kind === 'episode' ? 'episode' : 'removed',
      name: episode.name,
      states: { played: episode.played },
      details: [episode.byline || undefined, formatReleaseDate(episode.releaseDate), formatDuration(episode.durationMs) || undefined, resume],
    });
    item.command = rowClickCommand(this);
    return item;
  }

  link(): SpotifyLink | undefined {
    return this.track.kind === 'episode' && this.track.id ? spotifyLinkOf('episode', this.track.id) : undefined;
  }
}
