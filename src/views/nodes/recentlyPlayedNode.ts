import * as vscode from 'vscode';
import type { RequestLane } from '../../api/requestGate';
import type { SpotifyError } from '../../api/errors';
import type { Event } from '../../common/emitter';
import { HISTORY_SECTION_INFO, SECTION_INFO } from '../../common/sections';
import type { LibraryModel } from '../../library/libraryModel';
import type { TrackRecord } from '../../library/records';
import { errorNode, noticeNode } from '../errorPresentation';
import { escapeMarkdown, formatDateTime, formatPlayedAgo } from '../format';
import { contextValue, LibraryNode } from './libraryNode';
import { TrackNode } from './trackNode';

export const RECENTLY_PLAYED_NODE_ID = 'recentlyPlayed';

/** One row of Recently Played: a song row's record, when it was played, from where. */
export interface RecentPlayRow {
  readonly key: string;
  readonly track: TrackRecord;
  readonly playedAt: number;
  readonly contextUri?: string;
}

/** The plays as the view reads them (player/recentlyPlayedHistory.ts holds them). */
export interface RecentlyPlayedSource {
  readonly rows: readonly RecentPlayRow[];
  readonly isLoaded: boolean;
  readonly isLoading: boolean;
  readonly error: SpotifyError | undefined;
  readonly askedAt: number | undefined;
  ask(lane?: RequestLane): Promise<void>;
  readonly onDidChange: Event<void>;
}

/** What the section decides for its root: whether being shown asks Spotify, and Retry. */
export interface RecentlyPlayedBehaviour {
  /** The tree reads the rows; returns the ask in flight, if this (or an earlier reason) started one. */
  shown(): Promise<void> | undefined;
  retry(): Promise<void>;
}

/**
 * Recently Played's root: the last plays, each a song row (the same TrackNode, so Play, Like, Add to
 * Playlist and the links work) with when it was played. It asks nothing itself: `shown` (the
 * section, see recentlyPlayedSection.ts) decides whether being shown is a reason to ask Spotify.
 */
export class RecentlyPlayedNode extends LibraryNode {
  readonly #source: RecentlyPlayedSource;
  readonly #model: LibraryModel;
  readonly #behaviour: RecentlyPlayedBehaviour;

  constructor(source: RecentlyPlayedSource, model: LibraryModel, behaviour: RecentlyPlayedBehaviour) {
    super(RECENTLY_PLAYED_NODE_ID, undefined);
    this.#source = source;
    this.#model = model;
    this.#behaviour = behaviour;
  }

  /** Retry on its error row (the retry command's way in: this is no paging list). */
  retry(): Promise<void> {
    return this.#behaviour.retry();
  }

  getTreeItem(): vscode.TreeItem {
    const info = HISTORY_SECTION_INFO.recentlyPlayed;
    const item = new vscode.TreeItem(info.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.tooltip = info.tooltip;
    item.iconPath = new vscode.ThemeIcon(info.icon);
    // Not pageable: no Load more, Sort or Filter; not linked: Spotify has no link for it.
    item.contextValue = contextValue('recentlyPlayed');
    item.accessibilityInformation = { label: info.label };
    return item;
  }

  async getChildren(): Promise<LibraryNode[]> {
    const asking = this.#behaviour.shown();
    // The first answer: the view shows progress meanwhile. Later ones repaint the rows when they come.
    if (!this.#source.isLoaded && asking) await asking;
    const source = this.#source;
    const children: LibraryNode[] = source.rows.map((row) => new RecentPlayNode(`${this.id}/${row.key}`, this, row, this.#model));
    if (source.error) children.push(errorNode(this, source.error));
    else if (source.isLoaded && children.length === 0) children.push(noticeNode(`${this.id}/~empty`, this, HISTORY_SECTION_INFO.recentlyPlayed.emptyLabel, vscode.l10n.t('Spotify lists no songs you played recently. Songs you play on any device show here.')));
    return children;
  }
}

/** A play: a song row whose description says when it was played and whose tooltip says from where. */
export class RecentPlayNode extends TrackNode {
  constructor(
    id: string,
    parent: LibraryNode,
    readonly play: RecentPlayRow,
    private readonly model: LibraryModel,
  ) {
    super(id, parent, play.track, { liked: model.isLiked(play.track.id), askLiked: () => void model.learnLikedState([play.track]) });
  }

  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    const ago = formatPlayedAgo(this.play.playedAt);
    item.description = [ago, typeof item.description === 'string' ? item.description : ''].filter(Boolean).join(' · ');
    if (item.tooltip instanceof vscode.MarkdownString) {
      item.tooltip.appendMarkdown(`${vscode.l10n.t('Played')}: `).appendMarkdown(escapeMarkdown(`${formatDateTime(this.play.playedAt)} (${ago})`)).appendMarkdown('  \n');
      const from = this.#contextWords();
      if (from) item.tooltip.appendMarkdown(`${vscode.l10n.t('Played from')}: `).appendMarkdown(escapeMarkdown(from)).appendMarkdown('  \n');
    }
    if (item.accessibilityInformation) item.accessibilityInformation = { ...item.accessibilityInformation, label: `${item.accessibilityInformation.label}, ${vscode.l10n.t('played {0}', ago)}` };
    return item;
  }

  /** Where it was played from: the playlist's name when it is one of the user's, else what kind of list. */
  #contextWords(): string | undefined {
    const uri = this.play.contextUri;
    if (!uri) return undefined;
    if (/^spotify:user:[^:]+:collection$/.test(uri)) return SECTION_INFO.liked.label;
    const [, kind, id] = uri.split(':');
    switch (kind) {
      case 'playlist':
        return this.model.playlistById(id)?.name ?? vscode.l10n.t('a playlist');
      case 'album':
        return vscode.l10n.t('an album');
      case 'artist':
        return vscode.l10n.t('an artist');
      case 'show':
        return vscode.l10n.t('a podcast');
      default:
        return undefined;
    }
  }
}

export function isRecentlyPlayedNode(node: unknown): node is RecentlyPlayedNode {
  return node instanceof RecentlyPlayedNode;
}
