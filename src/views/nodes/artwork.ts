import * as vscode from 'vscode';

/**
 * A row's icon: its cover when it has one and the user wants covers (spotifyLibrary.showArtwork),
 * else the kind's codicon. The cover's URL came with the list: showing it asks the API nothing.
 */
export function artworkOr(imageUrl: string | undefined, fallback: vscode.ThemeIcon): vscode.Uri | vscode.ThemeIcon {
  if (!imageUrl || !vscode.workspace.getConfiguration('spotifyLibrary').get<boolean>('showArtwork', true)) return fallback;
  try {
    return vscode.Uri.parse(imageUrl, true);
  } catch {
    return fallback; // a URL the cache or Spotify got wrong: the codicon, not an error
  }
}
