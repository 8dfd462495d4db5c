import type * as vscode from 'vscode';

/** What Open in Spotify and the copy commands use. */
export interface SpotifyLink {
  url: string;
  uri: string;
}

/** A node of the Library tree. `id` is stable across refreshes: it is built from the parent's path. */
export abstract class LibraryNode {
  constructor(
    readonly id: string,
    readonly parent: LibraryNode | undefined,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): Promise<LibraryNode[]> | LibraryNode[] {
    return [];
  }

  /** The Spotify link this node stands for, if any: what Copy, drag and Insert Link use. */
  link(): SpotifyLink | undefined {
    return undefined;
  }

  /** Where Open in Spotify goes from this row: its own link, or (a notice) the list it explains. */
  openTarget(): SpotifyLink | undefined {
    return this.link();
  }
}

/**
 * Tree node context values: `spotifyLibrary:<kind>[:linked|:opens][+pageable][+mark...]`, matched by
 * package.json menus. `linked`: a Spotify item (open, copy, insert); `opens`: a notice that only opens
 * its list in Spotify; marks say what the row's actions depend on (`+liked`, `+saved`, `+removable`).
 */
export function contextValue(kind: string, flags: { linked?: boolean; opens?: boolean; pageable?: boolean; marks?: readonly string[] } = {}): string {
  return `spotifyLibrary:${kind}${flags.linked ? ':linked' : flags.opens ? ':opens' : ''}${flags.pageable ? '+pageable' : ''}${(flags.marks ?? []).map((mark) => `+${mark}`).join('')}`;
}
