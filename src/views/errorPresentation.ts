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
  const retry: vscode.Command = { command: 'spotifyLibrary.retry', title: 'Retry', arguments: [parent] };

  if (error instanceof MissingScopeError) return grantAccessNode(`${parent.id}/~scope`, parent, error.scopes);
  if (refusal && error instanceof ForbiddenError && (error.reason === 'other' || error.reason === 'endpointRemoved')) {
    return new MessageNode(id, parent, {
      kind: 'notice',
      label: refusal.label,
      tooltip: refusal.tooltip,
      icon: new vscode.ThemeIcon('info'),
      link: parentLink,
      command: parentLink ? { command: 'spotifyLibrary.openInSpotify', title: 'Open in Spotify', arguments: [parent] } : undefined,
    });
  }

  if (error instanceof ForbiddenError && error.reason === 'notOwned') {
    return new MessageNode(id, parent, {
      kind: 'notice',
      label: 'Spotify lets apps read only playlists you own or collaborate on',
      tooltip: 'Spotify no longer lets apps read the tracks of playlists you follow. Open it in Spotify to see its tracks.',
      icon: new vscode.ThemeIcon('info'),
      link: parentLink,
      command: parentLink ? { command: 'spotifyLibrary.openInSpotify', title: 'Open in Spotify', arguments: [parent] } : undefined,
    });
  }
  if (error instanceof NotFoundError) {
    return new MessageNode(id, parent, {
      kind: 'notice',
      label: 'Owned by Spotify or no longer there',
      tooltip: 'Spotify does not let apps read its own playlists (such as Discover Weekly), and this one may have been deleted.',
      icon: new vscode.ThemeIcon('info'),
      link: parentLink,
      command: parentLink ? { command: 'spotifyLibrary.openInSpotify', title: 'Open in Spotify', arguments: [parent] } : undefined,
    });
  }
  if (error instanceof SessionExpiredError || error instanceof NotSignedInError) {
    return new MessageNode(id, parent, {
      kind: 'error',
      label: error.message,
      description: 'Sign In',
      icon: new vscode.ThemeIcon('account'),
      command: {
        command: 'spotifyLibrary.signIn',
        title: 'Sign In',
        arguments: error instanceof SessionExpiredError ? [{ rejectedBecause: error.message }] : [],
      },
    });
  }
  if (error instanceof RateLimitedError) {
    return new MessageNode(id, parent, {
      kind: 'error',
      label: error.message,
      description: 'Retry',
      tooltip: `${error.message} Spotify limits how many requests each app may make. Retry after that time.`,
      icon: new vscode.ThemeIcon('watch'),
      command: retry,
    });
  }
  return new MessageNode(id, parent, {
    kind: 'error',
    label: error.message,
    description: 'Retry',
    tooltip: `${error.message}\nClick to retry. Details are in the Output panel (Spotify Library: Show Log).`,
    icon: new vscode.ThemeIcon(error instanceof ForbiddenError ? 'circle-slash' : 'error', new vscode.ThemeColor(error instanceof ForbiddenError ? 'problemsWarningIcon.foreground' : 'problemsErrorIcon.foreground')),
    command: retry,
  });
}

/**
 * A list the session lacks a permission for: what Spotify must allow, and Grant Access, which asks
 * for a session with the added scopes (the library stays as it is meanwhile; nobody is signed out).
 */
export function grantAccessNode(id: string, parent: LibraryNode, scopes: readonly string[], detail?: string): MessageNode {
  const words = scopes.map((scope) => SCOPE_WORDS[scope] ?? scope).join(' and ');
  const label = detail ?? `Spotify must allow this app to ${words}`;
  return new MessageNode(id, parent, {
    kind: 'scope',
    label,
    description: 'Grant Access',
    tooltip: `${label}. Grant Access asks Spotify for that permission (${scopes.join(', ')}); your library stays as it is meanwhile.`,
    icon: new vscode.ThemeIcon('unlock'),
    scopes,
    command: { command: 'spotifyLibrary.grantAccess', title: 'Grant Access', arguments: [parent, [...scopes]] },
  });
}
