import * as vscode from 'vscode';
import { RESUME_POINT_SCOPE, SECTION_INFO, type SectionId } from '../../common/sections';
import type { LibraryModel } from '../../library/libraryModel';
import type { SectionItem } from '../../library/listDescriptions';
import type { PagedList } from '../../library/pagedList';
import { grantAccessNode } from '../errorPresentation';
import { formatCount } from '../format';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import { sectionAccessibility } from './rowWords';

/**
 * What a section's root needs beyond its SECTION_INFO entry (words, icon, scopes): the row per entry,
 * and the little only some roots do. Here, not in SECTION_INFO, because common/ may not import the nodes.
 */
export interface SectionNodeOptions<K extends SectionId, Row extends LibraryNode = LibraryNode> {
  /** The row for one entry. */
  row(item: SectionItem<K>, id: string, parent: SectionNode<K, Row>): Row;
  /** The root stands for a Spotify item (Liked Songs): Open in Spotify, Copy and Insert Link offer it. */
  readonly link?: SpotifyLink;
  /** Rows kept per entry id and given the entry afresh, so a change that names the id refreshes just its row (a playlist). */
  readonly keptById?: { idOf(item: SectionItem<K>): string; renew(row: Row, item: SectionItem<K>): void };
}

/** The root of every library section (Liked Songs, Playlists, Albums, Artists, Podcasts, Your Episodes): one shape for all. */
export class SectionNode<K extends SectionId = SectionId, Row extends LibraryNode = LibraryNode> extends LibraryNode {
  readonly #model: LibraryModel;
  readonly #pageSize: () => number;
  readonly #options: SectionNodeOptions<K, Row>;
  readonly #keptRows = new Map<string, Row>();

  constructor(
    readonly section: K,
    model: LibraryModel,
    pageSize: () => number,
    options: SectionNodeOptions<K, Row>,
  ) {
    super(section, undefined);
    this.#model = model;
    this.#pageSize = pageSize;
    this.#options = options;
  }

  get entries(): PagedList<SectionItem<K>> {
    return this.#model.section(this.section);
  }

  getTreeItem(): vscode.TreeItem {
    const info = SECTION_INFO[this.section];
    const item = new vscode.TreeItem(info.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.entries.total !== undefined ? formatCount(this.entries.total) : undefined;
    item.tooltip = info.tooltip;
    item.iconPath = new vscode.ThemeIcon(info.icon);
    item.contextValue = contextValue(this.section, { linked: !!this.#options.link, pageable: true });
    item.accessibilityInformation = sectionAccessibility(info.label, this.section, this.entries);
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    const info = SECTION_INFO[this.section];
    const missing = info.rowsShowResumePoints ? this.#model.missingScopes([RESUME_POINT_SCOPE]) : [];
    return pagedChildren(this, this.entries, this.#pageSize(), (item, id) => this.#rowFor(item, id), {
      emptyLabel: info.emptyLabel,
      head: missing.length > 0 ? [grantAccessNode(`${this.id}/~resume`, this, missing, vscode.l10n.t('Show where you left off'))] : undefined,
    });
  }

  link(): SpotifyLink | undefined {
    return this.#options.link;
  }

  /** The kept row of the entry with this id, once the tree has shown it (see SectionNodeOptions.keptById). */
  nodeFor(entryId: string): Row | undefined {
    return this.#keptRows.get(entryId);
  }

  /** Drops the kept rows: another account's entries get rows of their own. */
  forgetNodes(): void {
    this.#keptRows.clear();
  }

  #rowFor(item: SectionItem<K>, id: string): Row {
    const kept = this.#options.keptById;
    if (!kept) return this.#options.row(item, id, this);
    const entryId = kept.idOf(item);
    const existing = this.#keptRows.get(entryId);
    // Reused only at the same tree id: a second copy of the entry in the list gets its own row.
    if (existing && existing.id === id) {
      kept.renew(existing, item);
      return existing;
    }
    const row = this.#options.row(item, id, this);
    this.#keptRows.set(entryId, row);
    return row;
  }
}

export function isSectionNode(node: unknown): node is SectionNode {
  return node instanceof SectionNode;
}
