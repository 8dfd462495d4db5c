import * as vscode from 'vscode';
import { contextValue, LibraryNode, type SpotifyLink } from './libraryNode';

export interface MessageNodeOptions {
  label: string;
  description?: string;
  tooltip?: string;
  icon: vscode.ThemeIcon;
  /** `error` nodes get Retry; `notice` nodes explain and may link; `scope` nodes get Grant Access. */
  kind: 'error' | 'notice' | 'scope';
  command?: vscode.Command;
  link?: SpotifyLink;
  /** `scope` nodes: the permissions Grant Access asks for. */
  scopes?: readonly string[];
}

/** A leaf that explains: a failure with Retry, or why Spotify will not show something. */
export class MessageNode extends LibraryNode {
  readonly #options: MessageNodeOptions;

  constructor(id: string, parent: LibraryNode, options: MessageNodeOptions) {
    super(id, parent);
    this.#options = options;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.#options.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.#options.description;
    item.tooltip = this.#options.tooltip ?? this.#options.label;
    item.iconPath = this.#options.icon;
    item.contextValue = contextValue(this.#options.kind, { linked: !!this.#options.link });
    item.command = this.#options.command;
    return item;
  }

  /** The permissions Grant Access asks for (scope nodes only). */
  get scopes(): readonly string[] | undefined {
    return this.#options.scopes;
  }

  link(): SpotifyLink | undefined {
    return this.#options.link;
  }
}
