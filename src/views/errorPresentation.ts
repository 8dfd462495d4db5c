import * as vscode from 'vscode';
import { ForbiddenError, MissingScopeError, NotFoundError, RateLimitedError, SessionExpiredError, NotSignedInError, type SpotifyError } from '../api/errors';
import { MessageNode } from './nodes/messageNode';
import type { LibraryNode, SpotifyLink } from './nodes/libraryNode';
import { SCOPE_WORDS } from '../common/sections';

/**
 * Turns a failure into the node that shows it where it happened: words a user can act on, and a
 * way out (Retry, Sign In, or Open in Spotify when Spotify shows it only there).
 */
export function errorNode(parent: LibraryNode, error: SpotifyError, parentLink?: SpotifyLink, refusal?: { label: string; tooltip: string }): MessageNode {
  const id = `${parent.id}/~error`;
  const retry: vscode.Command = { command: 'spotifyLibrary.retry', title: vscode.l10n.t('Retry'), arguments: [parent] };

  if (error instanceof MissingScopeError) return grantAccessNode(`${parent.id}/~scope`, parent, error.scopes);
  if (refusal && error instanceof ForbiddenError && (error.reason === 'other' || error.reason === 'endpointRemoved')) {
    return noticeNode(id, parent, refusal.label, refusal.tooltip, parentLink);
  }

  if (error instanceof ForbiddenError && error.reason === 'notOwned') {
    return noticeNode(
      id,
      parent,
      vscode.l10n.t('Tracks hidden by Spotify'),
      vscode.l10n.t('Spotify lets apps read only the playlists you own or collaborate on: it no longer shows apps the tracks of playlists you follow. Open it in Spotify to see its tracks.'),
      parentLink,
    );
  }
  if (error instanceof NotFoundError) {
    return isSpotifyOwnedPlaylist(parent)
      ? noticeNode(
          id,
          parent,
          vscode.l10n.t('Spotify’s own playlist'),
          vscode.l10n.t('Spotify does not let apps read its own playlists (such as Discover Weekly). Open it in Spotify to see its tracks.'),
          parentLink,
        )
      : noticeNode(
          id,
          parent,
          vscode.l10n.t('No longer on Spotify'),
          vscode.l10n.t('Spotify did not find this: it may have been deleted, or it is one of Spotify’s own playlists, which apps cannot read. Open it in Spotify to check.'),
          parentLink,
        );
  }
  if (error instanceof SessionExpiredError || error instanceof NotSignedInError) {
    return new MessageNode(id, parent, {
      kind: 'error',
      label: error.message,
      description: vscode.l10n.t('Sign In'),
      icon: new vscode.ThemeIcon('account'),
      command: {
        command: 'spotifyLibrary.signIn',
        title: vscode.l10n.t('Sign In'),
        arguments: error instanceof SessionExpiredError ? [{ rejectedBecause: error.message }] : [],
      },
    });
  }
  if (error instanceof RateLimitedError) {
    return new MessageNode(id, parent, {
      kind: 'error',
      label: error.message,
      description: vscode.l10n.t('Retry'),
      tooltip: vscode.l10n.t('{0} Spotify limits how many requests each app may make. Retry after that time.', error.message),
      icon: new vscode.ThemeIcon('watch'),
      command: retry,
    });
  }
  return new MessageNode(id, parent, {
    kind: 'error',
    label: error.message,
    description: vscode.l10n.t('Retry'),
    tooltip: vscode.l10n.t('{0}\nClick to retry. Details are in the Output panel (Spotify Library: Show Log).', error.message),
    icon: new vscode.ThemeIcon(error instanceof ForbiddenError ? 'circle-slash' : 'error', new vscode.ThemeColor(error instanceof ForbiddenError ? 'problemsWarningIcon.foreground' : 'problemsErrorIcon.foreground')),
    command: retry,
  });
}

/**
 * A list the session lacks a permission for: what Spotify must allow, and Grant Access, which asks
 * for a session with the added scopes (the library stays as it is meanwhile; nobody is signed out).
 */
export function grantAccessNode(id: string, parent: LibraryNode, scopes: readonly string[], detail?: string): MessageNode {
  const words = scopes.map((scope) => SCOPE_WORDS[scope] ?? scope).join(vscode.l10n.t(' and '));
  const need = vscode.l10n.t('Spotify must allow this app to {0}.', words);
  return new MessageNode(id, parent, {
    kind: 'scope',
    label: detail ?? vscode.l10n.t('Permission needed'),
    description: vscode.l10n.t('Grant Access'),
    tooltip: vscode.l10n.t('{0} Grant Access asks Spotify for that permission ({1}); your library stays as it is meanwhile.', need, scopes.join(', ')),
    icon: new vscode.ThemeIcon('unlock'),
    scopes,
    command: { command: 'spotifyLibrary.grantAccess', title: vscode.l10n.t('Grant Access'), arguments: [parent, [...scopes]] },
  });
}

/**
 * A short notice (it fits the default sidebar width) with the whole explanation in its tooltip;
 * with a link, clicking it (or its Open in Spotify button) opens the list it explains.
 */
export function noticeNode(id: string, parent: LibraryNode, label: string, tooltip: string | undefined, opens?: SpotifyLink): MessageNode {
  return new MessageNode(id, parent, {
    kind: 'notice',
    label,
    tooltip,
    // The icon says what a click does: open in Spotify, or nothing (an explanation).
    icon: new vscode.ThemeIcon(opens ? 'link-external' : 'info'),
    opens,
    command: opens ? { command: 'spotifyLibrary.openInSpotify', title: vscode.l10n.t('Open in Spotify'), arguments: [parent] } : undefined,
  });
}

/** Spotify's own playlists (Discover Weekly, editorial ones) answer 404 to apps. */
function isSpotifyOwnedPlaylist(node: LibraryNode): boolean {
  const playlist = (node as { playlist?: { id?: string; ownerId?: string } }).playlist;
  return !!playlist && (playlist.ownerId === 'spotify' || (playlist.id?.startsWith('37i9dQZ') ?? false));
}
