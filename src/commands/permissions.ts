import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { SPOTIFY_AUTH_PROVIDER_ID } from '../auth/spotifyAuthProvider';
import { scopesForRequest } from '../auth/spotifyOAuth';
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
  try {
    await vscode.authentication.getSession(SPOTIFY_AUTH_PROVIDER_ID, scopesForRequest([...(model.grantedScopes ?? []), ...scopes]), { createIfNone: true });
  } catch (error) {
    logger.info(`[library] Grant Access ended without the new permission: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  await view.syncSession(); // the model sees the new scopes and loads what waited for them
  return model.missingScopes(scopes).length === 0;
}
