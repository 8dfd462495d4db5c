import * as vscode from 'vscode';
import { SpotifyClient } from './api/spotifyClient';
import { SpotifyAuthenticationProvider } from './auth/spotifyAuthProvider';
import { registerAuthCommands } from './commands/authCommands';
import { registerLibraryCommands } from './commands/libraryCommands';
import { readSettings } from './common/config';
import { exportsFor } from './common/extensionExports';
import { FileLibraryCacheStore } from './library/fileCacheStore';
import { LibraryApi } from './library/libraryApi';
import { LibraryModel } from './library/libraryModel';
import type { LibraryTreeProvider } from './views/libraryTreeProvider';
import { LibraryView } from './views/libraryView';
import type { LibraryNode } from './views/nodes/libraryNode';

/** What activate() returns to the extension's own integration tests, and to no one else (see exportsFor). */
export interface LibraryExtensionApi {
  readonly model: LibraryModel;
  readonly tree: LibraryTreeProvider;
  readonly treeView: vscode.TreeView<LibraryNode>;
  readonly client: SpotifyClient;
  readonly auth: SpotifyAuthenticationProvider;
  /** Resolves once the tree reflects the current session (tests wait on it after signing in or out). */
  whenSessionSynced(): Promise<void>;
}

/** How long closing VS Code may wait for the last cache write. */
const FINAL_SAVE_TIMEOUT_MS = 2_000;

/** The open window's library, for deactivate() to save before VS Code closes. */
let activeModel: LibraryModel | undefined;

export function activate(context: vscode.ExtensionContext): LibraryExtensionApi | undefined {
  const activationStarted = performance.now();
  const log = vscode.window.createOutputChannel('Library for Spotify', { log: true });
  context.subscriptions.push(log);

  const auth = new SpotifyAuthenticationProvider(context, log);
  context.subscriptions.push(auth);

  const client = new SpotifyClient({ baseUrl: () => readSettings().apiBaseUrl, tokens: auth, logger: log });
  const pageSize = () => readSettings().pageSize;
  const model = new LibraryModel(
    new LibraryApi(client, () => ({ market: readSettings().market })),
    pageSize,
    log,
    new FileLibraryCacheStore(context.globalStorageUri),
    () => readSettings().sections,
  );
  context.subscriptions.push({ dispose: () => model.dispose() });
  activeModel = model;

  const view = new LibraryView({ model, pageSize, sessions: auth, rateLimits: client.gate, logger: log });
  context.subscriptions.push(view);

  context.subscriptions.push(registerAuthCommands(auth), registerLibraryCommands(model, view, log));

  log.info(`[extension] activated in ${(performance.now() - activationStarted).toFixed(1)} ms`);
  return exportsFor(context.extensionMode, {
    model,
    tree: view.tree,
    treeView: view.treeView,
    client,
    auth,
    whenSessionSynced: () => view.syncSession(),
  });
}

/** VS Code awaits this before disposing context.subscriptions: the last cache write lands first. */
export async function deactivate(): Promise<void> {
  const model = activeModel;
  activeModel = undefined;
  await model?.flushAndDispose(FINAL_SAVE_TIMEOUT_MS);
}
