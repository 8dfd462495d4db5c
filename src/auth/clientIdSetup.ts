/**
 * The guided setup of the user's own Spotify app (Spotify gives no shared Client ID to this kind
 * of extension): what to create in the dashboard, the redirect URI to register, then the id.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../common/config';
import { clientIdProblem, redirectUriFor } from './spotifyOAuth';

export const SPOTIFY_DASHBOARD_URL = 'https://developer.spotify.com/dashboard';

export interface ClientIdSetupOptions {
  redirectPort: number;
  currentClientId: string;
  /** The setup runs because a sign-in needs it: the words say so. */
  beforeSignIn: boolean;
}

/** Walks the user through creating a Spotify app; resolves with the saved Client ID, or undefined when dismissed. */
export async function runClientIdSetup(options: ClientIdSetupOptions): Promise<string | undefined> {
  const redirectUri = redirectUriFor(options.redirectPort);
  const openDashboard = 'Open Dashboard';
  const enterClientId = 'Enter Client ID';
  const choice = await vscode.window.showInformationMessage(
    options.beforeSignIn ? 'To sign in, Library for Spotify needs your own Spotify Client ID' : 'Set up your Spotify Client ID',
    {
      modal: true,
      detail: [
        'Spotify lets each person reach the Web API through an app they register themselves; the Client ID names that app. It takes about two minutes:',
        '',
        '1. Open the Spotify Developer Dashboard and choose Create app (any name and description).',
        `2. Under Redirect URIs add exactly: ${redirectUri}`,
        '3. Tick Web API, accept the terms and save.',
        '4. The Spotify account that owns the app needs Premium.',
        '5. To sign in with another Spotify account, add it under Users and Access (up to 5 users).',
        '6. Copy the Client ID from the app’s page and paste it here.',
        '',
        'Open Dashboard also copies the redirect URI to the clipboard.',
      ].join('\n'),
    },
    openDashboard,
    enterClientId,
  );
  if (!choice) return undefined;
  if (choice === openDashboard) {
    await vscode.env.clipboard.writeText(redirectUri);
    await vscode.env.openExternal(vscode.Uri.parse(SPOTIFY_DASHBOARD_URL));
  }

  const entered = await vscode.window.showInputBox({
    title: 'Spotify Client ID',
    prompt: `Paste the Client ID from your app’s page in the Spotify dashboard. The app must list the redirect URI ${redirectUri}${choice === openDashboard ? ' (it is on the clipboard)' : ''}.`,
    placeHolder: '32 hexadecimal characters, e.g. 0a1b2c3d…',
    value: options.currentClientId,
    ignoreFocusOut: true,
    validateInput: (value) => clientIdProblem(value),
  });
  const clientId = entered?.trim();
  if (!clientId || clientIdProblem(clientId)) return undefined;
  await vscode.workspace
    .getConfiguration(CONFIG_SECTION)
    .update('clientId', clientId, vscode.ConfigurationTarget.Global);
  return clientId;
}
