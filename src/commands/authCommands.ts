import * as vscode from 'vscode';
import type { SpotifyAuthenticationProvider } from '../auth/spotifyAuthProvider';

/** Sign in, sign in by pasting, sign out, and the Client ID setup. */
export function registerAuthCommands(provider: SpotifyAuthenticationProvider): vscode.Disposable {
  return vscode.Disposable.from(
    // From a tree node whose request Spotify rejected twice, `rejectedBecause` forces a new session.
    vscode.commands.registerCommand('spotifyLibrary.signIn', (args?: { rejectedBecause?: string }) =>
      provider.signIn(undefined, typeof args?.rejectedBecause === 'string' ? args.rejectedBecause : undefined),
    ),

    // For windows where the browser cannot reach the extension host's 127.0.0.1.
    vscode.commands.registerCommand('spotifyLibrary.signInByPasting', () => provider.signIn('paste')),

    vscode.commands.registerCommand('spotifyLibrary.signOut', async () => {
      if (await provider.signOut()) vscode.window.setStatusBarMessage('Signed out of Spotify.', 5000);
    }),

    vscode.commands.registerCommand('spotifyLibrary.setUpClientId', async () => {
      const clientId = await provider.setUpClientId();
      if (!clientId) return undefined;
      if (await provider.currentSession()) {
        void vscode.window.showInformationMessage('Client ID saved. It is used at your next sign-in.');
        return clientId;
      }
      const signIn = 'Sign In';
      const choice = await vscode.window.showInformationMessage('Client ID saved. Sign in to Spotify now?', signIn);
      if (choice === signIn) await provider.signIn();
      return clientId;
    }),
  );
}
