import * as vscode from 'vscode';
import { type TrackRecord, trackUri, trackUrl } from '../../library/records';
import { escapeMarkdown, formatDate, formatDuration } from '../format';
import { rowClickCommand } from '../rowClick';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import type { RowKind } from './rowAccessibility';
import { rowAccessibility } from './rowWords';

/** Spotify's boxed E, a symbol in every language (the spoken label says "explicit"). */
const EXPLICIT_MARK = '🅴';

const SPOKEN_KIND: Record<TrackRecord['kind'], RowKind> = { track: 'track', episode: 'episode', local: 'localFile', removed: 'removed' };

/** What the row's curating actions depend on: whether the song is liked (undefined: not known), whether it can leave its playlist. */
export interface TrackMarks {
  readonly liked?: boolean;
  readonly removable?: boolean;
  /** Asks the library whether the song is liked, when not known: called as the row is shown. */
  readonly askLiked?: () => void;
}

/** A track, episode, local file or removed entry of Liked Songs or a playlist. */
export class TrackNode extends LibraryNode {
  constructor(id: string, parent: LibraryNode, readonly track: TrackRecord, readonly marks: TrackMarks = {}) {
    super(id, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const { track } = this;
    // Asked for the rows the tree builds only; the row repaints when the answer comes.
    if (this.marks.liked === undefined) this.marks.askLiked?.();
    // An album's tracks in disc/track order: "3. Name", and the disc where there are several.
    const label = track.number !== undefined ? `${track.number}. ${track.name}` : track.name;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.#description();
    item.tooltip = this.#tooltip();
    item.iconPath = this.#icon();
    item.contextValue = contextValue(track.kind, { linked: !!this.link(), marks: [...(this.marks.liked ? ['liked'] : []), ...(this.marks.removable ? ['removable'] : [])] });
    item.accessibilityInformation = rowAccessibility({
      kind: SPOKEN_KIND[track.kind],
      name: label,
      states: { unavailable: track.playable === false, local: track.kind === 'local', explicit: track.explicit, liked: this.marks.liked },
      details: [track.disc !== undefined && track.disc > 1 ? vscode.l10n.t('disc {0}', track.disc) : undefined, track.byline, formatDuration(track.durationMs)],
    });
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
    if (track.kind === 'removed') return vscode.l10n.t('no longer available');
    const parts = [track.byline, formatDuration(track.durationMs)].filter(Boolean);
    if (track.kind === 'local') parts.unshift(vscode.l10n.t('local file'));
    if (track.disc !== undefined && track.disc > 1) parts.unshift(vscode.l10n.t('disc {0}', track.disc));
    // Unavailable shows in the icon, the tooltip and the spoken label: the artist keeps its place.
    // Every row of Liked Songs is liked: the marker tells only elsewhere.
    const liked = this.marks.liked && this.parent?.id !== 'liked' ? '♥ ' : '';
    // Spotify's apps mark explicit songs with a boxed E before the artist; so does the row (short: the artist stays in sight).
    const explicit = track.explicit ? `${EXPLICIT_MARK} ` : '';
    return `${liked}${explicit}${parts.join(' · ')}`;
  }

  /** Clicking a song plays nothing (yet): a neutral note, not a Play button; the kinds that cannot play say so. */
  #icon(): vscode.ThemeIcon {
    switch (this.track.kind) {
      case 'episode':
        return new vscode.ThemeIcon('radio-tower');
      case 'local':
        return new vscode.ThemeIcon('file-media');
      case 'removed':
        return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
      default:
        if (this.track.playable === false) return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
        // Liked shows in the icon too: a long name truncates the description, never the icon.
        return new vscode.ThemeIcon(this.marks.liked && this.parent?.id !== 'liked' ? 'heart-filled' : 'music');
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
      [track.kind === 'episode' ? vscode.l10n.t('Show') : vscode.l10n.t('Artists'), track.byline || undefined],
      [vscode.l10n.t('Album'), track.album],
      [vscode.l10n.t('Duration'), formatDuration(track.durationMs) || undefined],
      [vscode.l10n.t('Added'), formatDate(track.addedAt)],
      [vscode.l10n.t('Explicit'), track.explicit ? vscode.l10n.t('yes') : undefined],
      [vscode.l10n.t('Playable'), this.#playability()],
    ];
    for (const [label, value] of lines) {
      if (value) md.appendMarkdown(`${label}: `).appendMarkdown(escapeMarkdown(value)).appendMarkdown('  \n');
    }
    return md;
  }

  #playability(): string | undefined {
    const { track } = this;
    if (track.kind === 'local') return vscode.l10n.t('local file: play it in the Spotify app on the device that has it');
    if (track.kind === 'removed') return vscode.l10n.t('no: removed from Spotify');
    if (track.playable === false) return track.restriction ? vscode.l10n.t('no: unavailable in your market ({0})', track.restriction) : vscode.l10n.t('no: unavailable in your market');
    return track.playable ? vscode.l10n.t('yes') : undefined;
  }
}

