import * as vscode from 'vscode';
import type { LibraryNode } from './nodes/libraryNode';

export const CLICK_ACTION_SETTING = 'clickAction';

/** What a single click on a song or episode row does (the setting): nothing unasked by default. */
export function rowClickCommand(node: LibraryNode): vscode.Command | undefined {
  switch (vscode.workspace.getConfiguration('spotifyLibrary').get<string>(CLICK_ACTION_SETTING, 'nothing')) {
    case 'play':
      return { command: 'spotifyLibrary.play', title: vscode.l10n.t('Play'), arguments: [node] };
    case 'open':
      return { command: 'spotifyLibrary.openInSpotify', title: vscode.l10n.t('Open in Spotify'), arguments: [node] };
    default:
      return undefined;
  }
}
