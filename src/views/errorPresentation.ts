import * as vscode from 'vscode';
import { ForbiddenError, NotFoundError, RateLimitedError, SessionExpiredError, NotSignedInError, type SpotifyError } from '../api/errors';
import { MessageNode } from './nodes/messageNode';
import type { LibraryNode, SpotifyLink } from './nodes/libraryNode';

/**
 * Turns a failure into the node that shows it where it happened: words a user can act on, and a
 * way out (Retry, Sign In, or Open in Spotify when Spotify shows it only there).
 */
export function errorNode(parent: LibraryNode, error: SpotifyError, parentLink?: SpotifyLink): MessageNode {
  const id = `${parent.id}/~error`;
  const retry: vscode.Command = { command: 'spotifyLibrary.retry', title: 'Retry', arguments: [parent] };

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
