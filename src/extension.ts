import * as vscode from 'vscode';
import { SpotifyClient } from './api/spotifyClient';
import { SpotifyAuthenticationProvider } from './auth/spotifyAuthProvider';
import { registerAuthCommands } from './commands/authCommands';
import { registerLibraryCommands } from './commands/libraryCommands';
import { readSettings } from './common/config';
import { FileLibraryCacheStore } from './library/fileCacheStore';
import { LibraryApi } from './library/libraryApi';
import { LibraryModel } from './library/libraryModel';
import { formatAge } from './views/format';
import { LibraryTreeProvider } from './views/libraryTreeProvider';
import type { LibraryNode } from './views/nodes/libraryNode';
import { PlaylistNode } from './views/nodes/playlistNode';

/** What activate() returns: the parts, for integration tests and other extensions. */
export interface LibraryExtensionApi {
  readonly model: LibraryModel;
  readonly tree: LibraryTreeProvider;
  readonly treeView: vscode.TreeView<LibraryNode>;
  readonly client: SpotifyClient;
  readonly auth: SpotifyAuthenticationProvider;
  /** How long activate() took, in milliseconds (printed by the integration run). */
  readonly activationMs: number;
  /** Resolves once the tree reflects the current session (tests wait on it after signing in or out). */
  whenSessionSynced(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): LibraryExtensionApi {
  const activationStarted = performance.now();
  const log = vscode.window.createOutputChannel('Library for Spotify', { log: true });
  context.subscriptions.push(log);

  const auth = new SpotifyAuthenticationProvider(context, log);
  context.subscriptions.push(auth);

  const client = new SpotifyClient({
    baseUrl: () => readSettings().apiBaseUrl,
    tokens: auth,
    logger: log,
    // Tests shorten it to exercise stalled responses quickly.
    requestTimeoutMs: Number(process.env.SPOTIFY_LIBRARY_REQUEST_TIMEOUT_MS) || undefined,
  });
  const pageSize = () => readSettings().pageSize;
  const model = new LibraryModel(new LibraryApi(client, () => ({ market: readSettings().market })), pageSize, log, new FileLibraryCacheStore(context.globalStorageUri));
  context.subscriptions.push({ dispose: () => model.dispose() });

  const tree = new LibraryTreeProvider(model, pageSize);
  const treeView = vscode.window.createTreeView('spotifyLibrary.library', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, treeView);

  // Collapsing a list cancels the page requests it no longer needs; expanding loads them again.
  context.subscriptions.push(
    treeView.onDidCollapseElement(({ element }) => {
      if (element instanceof PlaylistNode) model.cancelEntries(element.playlist.id);
      else if (element === tree.likedSongs && tree.likedSongs.entries.isLoading) tree.likedSongs.entries.cancel();
      else if (element === tree.playlists && tree.playlists.entries.isLoading) tree.playlists.entries.cancel();
    }),
  );

  // The view says how fresh the library is, and when Spotify made it wait.
  const describeFreshness = () => {
    const syncedAt = model.liked.syncedAt ?? model.playlists.syncedAt;
    treeView.description = syncedAt ? `synced ${formatAge(syncedAt)}` : undefined;
  };
  const freshnessTimer = setInterval(describeFreshness, 30_000);
  context.subscriptions.push({ dispose: () => clearInterval(freshnessTimer) }, { dispose: model.onDidChange(describeFreshness).dispose });
  const rateLimitListener = client.gate.onDidChangeRateLimit((until) => {
    treeView.message = until
      ? `Spotify asked to slow down: loading continues at ${new Date(until).toLocaleTimeString()}.`
      : undefined;
  });
  context.subscriptions.push({ dispose: () => rateLimitListener.dispose() });

  let sessionSync = Promise.resolve();
  const syncSession = () => {
    sessionSync = sessionSync.then(async () => {
      // The provider's own view of the session: VS Code's getSession({silent}) also asks whether this
      // extension was granted access, which a session created through the provider itself skips.
      const session = await auth.currentSession();
      if (!session) {
        model.reset();
        client.gate.reset();
        tree.setSignedIn(false);
        return;
      }
      const switched = model.currentAccountId !== session.account.id;
      if (switched) client.gate.reset();
      const restored = switched ? await model.openAccount(session.account.id) : false;
      tree.setSignedIn(true);
      if (restored) void model.revalidate(); // the cached tree shows first; this runs behind it
    });
    return sessionSync;
  };
  context.subscriptions.push(
    auth.onDidChangeSessions(() => void syncSession()),
    auth.onDidSignOut(({ accountId }) => void model.forget(accountId)),
  );
  void syncSession();

  context.subscriptions.push(registerAuthCommands(auth), registerLibraryCommands(model, tree, log));

  const activationMs = performance.now() - activationStarted;
  log.info(`[extension] activated in ${activationMs.toFixed(1)} ms`);
  return { model, tree, treeView, client, auth, activationMs, whenSessionSynced: () => syncSession() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
