import * as vscode from 'vscode';
import { type TrackRecord, trackUri, trackUrl } from '../../library/records';
import { escapeMarkdown, formatDate, formatDuration } from '../format';
import { rowClickCommand } from '../rowClick';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';

/** What the row's curating actions depend on: whether the song is liked (undefined: not known), whether it can leave its playlist. */
export interface TrackMarks {
  readonly liked?: boolean;
  readonly removable?: boolean;
}

/** A track, episode, local file or removed entry of Liked Songs or a playlist. */
export class TrackNode extends LibraryNode {
  constructor(id: string, parent: LibraryNode, readonly track: TrackRecord, readonly marks: TrackMarks = {}) {
    super(id, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const { track } = this;
    // An album's tracks in disc/track order: "3. Name", and the disc where there are several.
    const label = track.number !== undefined ? `${track.number}. ${track.name}` : track.name;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.#description();
    item.tooltip = this.#tooltip();
    item.iconPath = this.#icon();
    item.contextValue = contextValue(track.kind, { linked: !!this.link(), marks: [...(this.marks.liked ? ['liked'] : []), ...(this.marks.removable ? ['removable'] : [])] });
    item.accessibilityInformation = { label: [track.name, item.description].filter(Boolean).join(', ') };
    item.command = rowClickCommand(this);
    return item;
  }

  link(): SpotifyLink | undefined {
    const url = trackUrl(this.track);
    const uri = trackUri(this.track);
    return url && uri ? { url, uri } : undefined;
  }

  #description(): string {
    const { track } = this;
    if (track.kind === 'removed') return 'no longer available';
    const parts = [track.byline, formatDuration(track.durationMs)].filter(Boolean);
    if (track.kind === 'local') parts.unshift('local file');
    if (track.disc !== undefined && track.disc > 1) parts.unshift(`disc ${track.disc}`);
    if (track.playable === false) parts.unshift('unavailable in your market');
    // Every row of Liked Songs is liked: the marker tells only elsewhere.
    return `${this.marks.liked && this.parent?.id !== 'liked' ? '♥ ' : ''}${parts.join(' · ')}`;
  }

  #icon(): vscode.ThemeIcon {
    switch (this.track.kind) {
      case 'episode':
        return new vscode.ThemeIcon('radio-tower');
      case 'local':
        return new vscode.ThemeIcon('file-media');
      case 'removed':
        return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
      default:
        return this.track.playable === false
          ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
          : new vscode.ThemeIcon('play-circle');
    }
  }

  /** Every string from Spotify is escaped (appendText leaves `<` as is); HTML and commands stay off. */
  #tooltip(): vscode.MarkdownString {
    const { track } = this;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown('**').appendMarkdown(escapeMarkdown(track.name)).appendMarkdown('**');
    if (track.explicit) md.appendMarkdown(' `E`');
    md.appendMarkdown('\n\n');
    const lines: Array<[string, string | undefined]> = [
      [track.kind === 'episode' ? 'Show' : 'Artists', track.byline || undefined],
      ['Album', track.album],
      ['Duration', formatDuration(track.durationMs) || undefined],
      ['Added', formatDate(track.addedAt)],
      ['Explicit', track.explicit ? 'yes' : undefined],
      ['Playable', this.#playability()],
    ];
    for (const [label, value] of lines) {
      if (value) md.appendMarkdown(`${label}: `).appendMarkdown(escapeMarkdown(value)).appendMarkdown('  \n');
    }
    return md;
  }

  #playability(): string | undefined {
    const { track } = this;
    if (track.kind === 'local') return 'local file: play it in the Spotify app on the device that has it';
    if (track.kind === 'removed') return 'no: removed from Spotify';
    if (track.playable === false) return `no: unavailable in your market${track.restriction ? ` (${track.restriction})` : ''}`;
    return track.playable ? 'yes' : undefined;
  }
}

