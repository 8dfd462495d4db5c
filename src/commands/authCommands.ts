import * as vscode from 'vscode';
import type { SpotifyAuthenticationProvider } from '../auth/spotifyAuthProvider';

/**
 * Sign in, sign in by pasting, sign out, and the Client ID setup. Each resolves to nothing: another
 * extension gets a Spotify token only through vscode.authentication.getSession, with VS Code's consent.
 */
export function registerAuthCommands(provider: SpotifyAuthenticationProvider): vscode.Disposable {
  return vscode.Disposable.from(
    // From a tree node whose request Spotify rejected twice, `rejectedBecause` forces a new session.
    vscode.commands.registerCommand('spotifyLibrary.signIn', async (args?: { rejectedBecause?: string }): Promise<void> => {
      await provider.signIn(undefined, typeof args?.rejectedBecause === 'string' ? args.rejectedBecause : undefined);
    }),

    // For windows where the browser cannot reach the extension host's 127.0.0.1.
    vscode.commands.registerCommand('spotifyLibrary.signInByPasting', async (): Promise<void> => {
      await provider.signIn('paste');
    }),

    vscode.commands.registerCommand('spotifyLibrary.signOut', async (): Promise<void> => {
      if (await provider.signOut()) vscode.window.setStatusBarMessage(vscode.l10n.t('Signed out of Spotify.'), 5000);
    }),

    vscode.commands.registerCommand('spotifyLibrary.setUpClientId', async (): Promise<void> => {
      const clientId = await provider.setUpClientId();
      if (!clientId) return;
      if (await provider.currentSession()) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Client ID saved. It is used at your next sign-in.'));
        return;
      }
      const signIn = vscode.l10n.t('Sign In');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Client ID saved. Sign in to Spotify now?'), signIn);
      if (choice === signIn) await provider.signIn();
    }),
  );
}
