/**
 * What the user is told when signing in or out goes wrong, each notification with the buttons
 * that help with its cause.
 */
import * as vscode from 'vscode';
import type { SessionExpiredError } from '../api/errors';
import { CONFIG_SECTION, readSettings } from '../common/config';
import { messageOf } from '../common/errorMessage';
import { SPOTIFY_DASHBOARD_URL } from './clientIdSetup';
import { SignInError } from './signInErrors';
import { redirectUriFor } from './spotifyOAuth';

/** The sign-in failed: the reason, with what can be done about it. */
export async function showSignInError(error: unknown): Promise<void> {
  const retry = vscode.l10n.t('Try Again');
  const setUp = vscode.l10n.t('Set Up Client ID');
  const copyUri = vscode.l10n.t('Copy Redirect URI');
  const dashboard = vscode.l10n.t('Open Dashboard');
  const settings = vscode.l10n.t('Open Settings');
  const paste = vscode.l10n.t('Sign In by Pasting');
  let buttons: string[] = [retry];
  if (error instanceof SignInError) {
    switch (error.reason) {
      case 'invalidClientId':
        buttons = [setUp];
        break;
      case 'redirectUriNotRegistered':
        buttons = [copyUri, dashboard];
        break;
      case 'timedOut':
        buttons = [retry, paste, copyUri];
        break;
      case 'portInUse':
      case 'cannotListen':
        buttons = [settings];
        break;
      case 'userNotRegistered':
      case 'premiumRequired':
        buttons = [dashboard];
        break;
    }
  }
  const text = error instanceof SignInError ? error.message : vscode.l10n.t('Sign-in to Spotify failed: {0}', messageOf(error));
  const choice = await vscode.window.showErrorMessage(text, ...buttons);
  switch (choice) {
    case retry:
      await vscode.commands.executeCommand('spotifyLibrary.signIn');
      break;
    case paste:
      await vscode.commands.executeCommand('spotifyLibrary.signInByPasting');
      break;
    case setUp:
      await vscode.commands.executeCommand('spotifyLibrary.setUpClientId');
      break;
    case copyUri:
      await vscode.env.clipboard.writeText(
        (error instanceof SignInError && error.redirectUriToRegister) || redirectUriFor(readSettings().redirectPort),
      );
      break;
    case dashboard:
      await vscode.env.openExternal(vscode.Uri.parse(SPOTIFY_DASHBOARD_URL));
      break;
    case settings:
      await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.redirectPort`);
      break;
  }
}

/** Spotify ended the session; shown once per ended session (the token manager refreshes one at a time). */
export function showSessionEnded(error: SessionExpiredError): void {
  void vscode.window.showWarningMessage(error.message, vscode.l10n.t('Sign In')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('spotifyLibrary.signIn');
  });
}

/** Signing out could not delete the stored session: still signed in, with a way to try again. */
export function showSignOutFailed(error: unknown): void {
  void vscode.window
    .showErrorMessage(
      vscode.l10n.t('Could not sign out of Spotify: VS Code could not delete the sign-in from its secret storage ({0}). You are still signed in.', messageOf(error)),
      vscode.l10n.t('Try Again'),
    )
    .then((choice) => choice && vscode.commands.executeCommand('spotifyLibrary.signOut'));
}
