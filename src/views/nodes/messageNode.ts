import * as vscode from 'vscode';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';
import type { RowKind } from './rowAccessibility';
import { rowAccessibility } from './rowWords';

export interface MessageNodeOptions {
  /** Short enough for the default sidebar width (about 25 characters); the full sentence goes in `tooltip`. */
  label: string;
  description?: string;
  /** The whole explanation. */
  tooltip?: string;
  icon: vscode.ThemeIcon;
  /** `error` nodes get Retry; `notice` nodes explain and may open their list in Spotify; `scope` nodes get Grant Access. */
  kind: 'error' | 'notice' | 'scope';
  command?: vscode.Command;
  /** Where Open in Spotify goes from a notice: the list it explains (a message is no link to copy). */
  opens?: SpotifyLink;
  /** `scope` nodes: the permissions Grant Access asks for. */
  scopes?: readonly string[];
}

const SPOKEN_KIND: Record<MessageNodeOptions['kind'], RowKind> = { error: 'error', notice: 'notice', scope: 'permission' };

/** A leaf that explains: a failure with Retry, or why Spotify will not show something. */
export class MessageNode extends LibraryNode {
  readonly #options: MessageNodeOptions;

  constructor(id: string, parent: LibraryNode, options: MessageNodeOptions) {
    super(id, parent);
    this.#options = options;
  }

  getTreeItem(): vscode.TreeItem {
    const { label, description, tooltip, icon, kind, command, opens } = this.#options;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = description;
    item.tooltip = tooltip ?? label;
    item.iconPath = icon;
    item.contextValue = contextValue(kind, { opens: !!opens });
    item.command = command;
    // The full sentence is spoken: a screen reader has no tooltip to hover.
    item.accessibilityInformation = rowAccessibility({ kind: SPOKEN_KIND[kind], name: label, details: [tooltip && tooltip !== label ? tooltip : undefined, description] });
    return item;
  }

  /** The permissions Grant Access asks for (scope nodes only). */
  get scopes(): readonly string[] | undefined {
    return this.#options.scopes;
  }

  override openTarget(): SpotifyLink | undefined {
    return this.#options.opens;
  }
}
