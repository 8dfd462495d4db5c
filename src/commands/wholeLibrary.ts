import * as vscode from 'vscode';
import type { LibraryIndexer } from '../library/indexer';
import { formatCount } from '../views/format';

/**
 * Waits until the background index holds the whole library (Clean Up, Back Up, Restore read it
 * from there): the index reads only what the cache does not have, at its own pace under the
 * budget, and a notification says how far it is, with Cancel (throws vscode.CancellationError).
 */
export async function whenIndexed(indexer: LibraryIndexer, title: string): Promise<void> {
  if (indexer.started && indexer.progress().complete) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    indexer.start();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        const state = indexer.progress();
        progress.report({ message: vscode.l10n.t('reading your library: {0} of {1} liked songs, {2} of {3} playlists', formatCount(state.likedIndexed), formatCount(state.likedTotal ?? 0), formatCount(state.playlistsIndexed), formatCount(state.playlistsTotal ?? 0)) });
        if (state.complete) done(resolve);
        else if (state.failure) done(() => reject(new Error(state.failure)));
      };
      const subscription = indexer.onDidChange(check);
      const cancelled = token.onCancellationRequested(() => done(() => reject(new vscode.CancellationError())));
      const done = (settle: () => void) => {
        subscription.dispose();
        cancelled.dispose();
        settle();
      };
      check();
    });
  });
}

/** The same wait without a notification, for work the user did not start (the automatic backup). */
export async function whenIndexedInBackground(indexer: LibraryIndexer): Promise<void> {
  indexer.start();
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      const state = indexer.progress();
      if (state.complete) done(resolve);
      else if (state.failure) done(() => reject(new Error(state.failure)));
    };
    const subscription = indexer.onDidChange(check);
    const done = (settle: () => void) => {
      subscription.dispose();
      settle();
    };
    check();
  });
}
