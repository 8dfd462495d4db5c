import * as vscode from 'vscode';
import { DEFAULT_REQUEST_BUDGET } from './common/requestBudget';
import { SpotifyClient } from './api/spotifyClient';
import { SpotifyAuthenticationProvider } from './auth/spotifyAuthProvider';
import { registerAuthCommands } from './commands/authCommands';
import { registerEditorFeatures } from './commands/editorCommands';
import { PAUSE_INDEXING_SETTING, registerFindCommand } from './commands/findCommand';
import { registerSortFilterCommands } from './commands/sortFilterCommands';
import { registerLibraryCommands } from './commands/libraryCommands';
import { registerPlayerCommands } from './commands/playerCommands';
import { ACTION_SCOPES } from './common/sections';
import { NowPlayingStatus } from './player/nowPlaying';
import { PlayerApi } from './player/playerApi';
import { RecentlyPlayedHistory } from './player/recentlyPlayedHistory';
import { RecentlyPlayedSection } from './views/recentlyPlayedSection';
import { registerCurateCommands } from './commands/curateCommands';
import { registerPlaylistDocuments } from './commands/playlistDocumentCommands';
import { registerPlaylistCommands } from './commands/playlistCommands';
import { registerCleanUpCommands } from './commands/cleanUpCommands';
import { registerBackupCommands } from './commands/backupCommands';
import { registerSearchCommand } from './commands/searchCommand';
import { registerGoToCommands } from './commands/goToCommands';
import { readSettings } from './common/config';
import { setDisplayLocale } from './common/displayLocale';
import { exportsFor } from './common/extensionExports';
import { useVsCodeLanguage } from './common/localization';
import { WindowUse } from './common/windowUse';
import { FileLibraryCacheStore } from './library/fileCacheStore';
import { LibraryIndexer } from './library/indexer';
import { LibraryApi } from './library/libraryApi';
import { LibraryCuration } from './library/curation';
import { LibraryWrites } from './library/libraryWrites';
import { LibraryModel } from './library/libraryModel';
import { PlaylistSaves } from './library/playlistSave';
import type { LibraryTreeProvider } from './views/libraryTreeProvider';
import { LibraryView } from './views/libraryView';
import { ListArrangement, viewArrangement } from './views/sortAndFilter';
import type { LibraryNode } from './views/nodes/libraryNode';
import { LibraryDragAndDropController } from './views/treeDragAndDrop';
import type { LibraryDropEditProvider } from './editor/dropProvider';
import type { SpotifyLinkHoverProvider } from './editor/spotifyLinkHover';

/** What activate() returns to the extension's own integration tests, and to no one else (see exportsFor). */
export interface LibraryExtensionApi {
  readonly model: LibraryModel;
  readonly tree: LibraryTreeProvider;
  readonly treeView: vscode.TreeView<LibraryNode>;
  readonly client: SpotifyClient;
  readonly auth: SpotifyAuthenticationProvider;
  readonly indexer: LibraryIndexer;
  /** The now-playing status bar: what it shows and how many reads it made. */
  readonly nowPlaying: NowPlayingStatus;
  /** Resolves once the tree reflects the current session (tests wait on it after signing in or out). */
  whenSessionSynced(): Promise<void>;
  /** The editor features' parts a test drives directly: the tree's drag and the editors' drop. */
  readonly editor: { readonly drag: LibraryDragAndDropController; readonly drop: LibraryDropEditProvider; readonly hover: SpotifyLinkHoverProvider };
  /**
   * Formats counts, dates and times for `locale` instead of VS Code's display language (undefined:
   * back to it) and redraws the view: how a test sees the tree follow the formatting locale.
   */
  useFormattingLocale(locale: string | undefined): void;
}

/** How long closing VS Code may wait for the last cache write. */
const FINAL_SAVE_TIMEOUT_MS = 2_000;

/** The open window's library, for deactivate() to save before VS Code closes. */
let activeModel: LibraryModel | undefined;

export function activate(context: vscode.ExtensionContext): LibraryExtensionApi | undefined {
  const activationStarted = performance.now();
  context.subscriptions.push(useVsCodeLanguage()); // first: what the parts say, from their first word, is in VS Code's language
  const log = vscode.window.createOutputChannel('Library for Spotify', { log: true });
  context.subscriptions.push(log);

  const auth = new SpotifyAuthenticationProvider(context, log);
  context.subscriptions.push(auth);

  // The budget's ceiling is read once: the scheduler starts from it (a change applies in a new window).
  const budget = { requests: readSettings().requestsPer30Seconds, windowMs: DEFAULT_REQUEST_BUDGET.windowMs };
  const client = new SpotifyClient({ baseUrl: () => readSettings().apiBaseUrl, tokens: auth, logger: log, budget });
  const pageSize = () => readSettings().pageSize;
  const libraryApi = new LibraryApi(client, () => ({ market: readSettings().market }));
  const model = new LibraryModel(libraryApi, pageSize, log, new FileLibraryCacheStore(context.globalStorageUri), () => readSettings().sections);
  context.subscriptions.push({ dispose: () => model.dispose() });
  const indexer = new LibraryIndexer(model, libraryApi, {
    pageSize,
    logger: log,
    pausedBySetting: () => vscode.workspace.getConfiguration('spotifyLibrary').get<boolean>(PAUSE_INDEXING_SETTING, false),
  });
  context.subscriptions.push(indexer);
  activeModel = model;

  // Sort orders per list in globalState: workspace-independent, and nothing secret.
  const arrangement = new ListArrangement(context.globalState, (playlistId) => {
    const playlist = model.playlists.items.find((p) => p.id === playlistId);
    return playlist ? model.entriesOf(playlist).items : [];
  });
  viewArrangement.current = arrangement;

  // The extension starts with every window (onStartupFinished) so hovers work; it reads on its own only once used.
  const windowUse = new WindowUse();
  const drag = new LibraryDragAndDropController();
  const view = new LibraryView({ model, pageSize, sessions: auth, rateLimits: client.gate, logger: log, windowUse, dragAndDropController: drag });
  context.subscriptions.push(view);

  const player = new PlayerApi(client);
  const nowPlaying = new NowPlayingStatus({
    player,
    logger: log,
    permitted: () => !!model.currentAccountId && model.grantedScopes !== undefined && model.missingScopes(ACTION_SCOPES.playback).length === 0,
    // Fires when the account or its scopes change (also for a session restored at startup), never for a token refresh.
    onDidChangePermission: model.onDidChangeAccess,
    windowUse,
  });
  context.subscriptions.push(nowPlaying);
  // Recently Played: the user's listening, not their library (never indexed, backed up or cached).
  const recentlyPlayed = new RecentlyPlayedHistory(player, model, log);
  context.subscriptions.push(recentlyPlayed, new RecentlyPlayedSection(view, recentlyPlayed, model));

  const editorFeatures = registerEditorFeatures(model, view, client, log);
  const writes = new LibraryWrites(client);
  const curate = { model, view, curation: new LibraryCuration(model, writes), logger: log, globalState: context.globalState };
  const saves = new PlaylistSaves(model, writes, libraryApi);
  const documents = registerPlaylistDocuments({ model, view, saves, logger: log });
  context.subscriptions.push(
    registerAuthCommands(auth),
    registerLibraryCommands(model, view, log),
    editorFeatures,
    registerFindCommand(model, indexer, view, log),
    registerSearchCommand(model, indexer, view, libraryApi, log),
    registerGoToCommands(model, view, libraryApi, log),
    registerSortFilterCommands(model, view, indexer, arrangement),
    registerPlayerCommands(model, view, player, nowPlaying, log),
    registerCurateCommands(curate),
    documents,
    registerPlaylistCommands({ ...curate, saves, drag }),
    registerCleanUpCommands({ ...curate, saves, indexer }),
    registerBackupCommands({ ...curate, saves, indexer, files: documents.files, session: () => auth.currentSession(), stateFolder: context.globalStorageUri }),
  );

  log.info(`[extension] activated in ${(performance.now() - activationStarted).toFixed(1)} ms`);
  return exportsFor(context.extensionMode, {
    model,
    tree: view.tree,
    treeView: view.treeView,
    client,
    auth,
    indexer,
    nowPlaying,
    whenSessionSynced: () => view.syncSession(),
    editor: { drag, drop: editorFeatures.drop, hover: editorFeatures.hover },
    useFormattingLocale: (locale) => {
      setDisplayLocale(locale ?? vscode.env.language);
      view.redraw();
    },
  });
}

/** VS Code awaits this before disposing context.subscriptions: the last cache write lands first. */
export async function deactivate(): Promise<void> {
  const model = activeModel;
  activeModel = undefined;
  await model?.flushAndDispose(FINAL_SAVE_TIMEOUT_MS);
}
