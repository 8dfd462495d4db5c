import * as vscode from 'vscode';
import { RESUME_POINT_SCOPE, SECTION_INFO, type SectionId } from '../../common/sections';
import type { LibraryModel } from '../../library/libraryModel';
import type { PagedList } from '../../library/pagedList';
import { grantAccessNode } from '../errorPresentation';
import { formatCount } from '../format';
import { contextValue, LibraryNode } from './libraryNode';
import { pagedChildren } from './pagedChildren';
import { sectionAccessibility } from './rowWords';

export interface SectionNodeOptions<T> {
  /** The row for one entry. */
  toNode(item: T, id: string, parent: SectionNode<T>): LibraryNode;
  emptyLabel: string;
  /** The rows can say more with resume points: offer Grant Access above them while the session lacks it. */
  resumePoints?: boolean;
}

/** The root of a section other than Liked Songs and Playlists (Albums, Artists, Podcasts, Your Episodes). */
export class SectionNode<T> extends LibraryNode {
  readonly #model: LibraryModel;
  readonly #pageSize: () => number;
  readonly #options: SectionNodeOptions<T>;

  constructor(
    readonly section: SectionId,
    model: LibraryModel,
    pageSize: () => number,
    options: SectionNodeOptions<T>,
  ) {
    super(section, undefined);
    this.#model = model;
    this.#pageSize = pageSize;
    this.#options = options;
  }

  get entries(): PagedList<T> {
    return this.#model.section(this.section) as unknown as PagedList<T>;
  }

  getTreeItem(): vscode.TreeItem {
    const info = SECTION_INFO[this.section];
    const item = new vscode.TreeItem(info.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.entries.total !== undefined ? formatCount(this.entries.total) : undefined;
    item.tooltip = info.tooltip;
    item.iconPath = new vscode.ThemeIcon(info.icon);
    item.contextValue = contextValue(this.section, { pageable: true });
    item.accessibilityInformation = sectionAccessibility(info.label, this.section, this.entries);
    return item;
  }

  getChildren(): Promise<LibraryNode[]> {
    const missing = this.#options.resumePoints ? this.#model.missingScopes([RESUME_POINT_SCOPE]) : [];
    return pagedChildren(this, this.entries, this.#pageSize(), (item, id) => this.#options.toNode(item, id, this), {
      emptyLabel: this.#options.emptyLabel,
      head: missing.length > 0 ? [grantAccessNode(`${this.id}/~resume`, this, missing, vscode.l10n.t('Show where you left off'))] : undefined,
    });
  }
}
