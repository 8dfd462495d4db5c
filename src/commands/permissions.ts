import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { SPOTIFY_AUTH_PROVIDER_ID } from '../auth/spotifyAuthProvider';
import { scopesForRequest } from '../auth/spotifyOAuth';
import { ACTION_SCOPES } from '../common/sections';
import type { LibraryModel } from '../library/libraryModel';
import type { LibraryView } from '../views/libraryView';

/**
 * The Grant Access path, for a row that waits on a scope and for an action used the first time:
 * asks VS Code for a session with `scopes` added to those granted (VS Code's consent, then Spotify's
 * page), then lets the view take the new session. The current session keeps working until the new
 * one replaces it. Resolves true when the session now has every scope (or its scopes are unknown,
 * then the action just tries), false when the user declined.
 */
export async function ensureScopes(
  model: LibraryModel,
  view: LibraryView,
  scopes: readonly string[],
  logger: Logger,
  options: { askEvenIfGranted?: boolean } = {},
): Promise<boolean> {
  // A Grant Access row asks even when the session claims the scopes: Spotify refused them anyway.
  if (!options.askEvenIfGranted && model.missingScopes(scopes).length === 0) return true;
  // VS Code shows `detail` in its "wants to sign in" prompt, so asking for a permission says why
  // and does not look like being signed out; a VS Code before 1.100 reads the object as `true`.
  const prompt = { createIfNone: { detail: whyAsked(scopes) } } as unknown as vscode.AuthenticationGetSessionOptions & { createIfNone: true };
  try {
    await vscode.authentication.getSession(SPOTIFY_AUTH_PROVIDER_ID, scopesForRequest([...(model.grantedScopes ?? []), ...scopes]), prompt);
  } catch (error) {
    logger.info(`[library] Grant Access ended without the new permission: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  await view.syncSession(); // the model sees the new scopes and loads what waited for them
  return model.missingScopes(scopes).length === 0;
}

/** Why the permission is asked for, in the user's words, by what it lets the extension do. */
export function whyAsked(scopes: readonly string[]): string {
  const asks = (which: readonly string[]) => which.some((scope) => scopes.includes(scope));
  if (asks(ACTION_SCOPES.playback)) return vscode.l10n.t('Playing music needs permission to control playback on your devices. You stay signed in.');
  if (asks(ACTION_SCOPES.editPlaylists)) return vscode.l10n.t('Changing your playlists needs permission to edit them. You stay signed in.');
  if (asks(ACTION_SCOPES.followArtists)) return vscode.l10n.t('Following artists needs permission to change whom you follow. You stay signed in.');
  if (asks(ACTION_SCOPES.saveToLibrary)) return vscode.l10n.t('Liking songs and saving albums and podcasts needs permission to change your library. You stay signed in.');
  return vscode.l10n.t('Showing this part of your library needs permission to read it. You stay signed in.');
}
