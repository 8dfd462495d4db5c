import * as vscode from 'vscode';
import { messageOf } from '../common/errorMessage';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { SerialQueue } from '../common/serialQueue';
import type { WindowUse } from '../common/windowUse';
import type { LibraryModel } from '../library/libraryModel';
import { formatAge } from './format';
import { LibraryTreeProvider } from './libraryTreeProvider';
import type { LibraryNode } from './nodes/libraryNode';
import { isPageableNode } from './nodes/pageableNode';
import { rateLimitViewMessage } from './rateLimitMessage';

export const LIBRARY_VIEW_ID = 'spotifyLibrary.library';

/** The session as the view needs it: whose library to show, and when that changes. */
export interface LibrarySessionSource {
  currentSession(): Promise<{ readonly account: { readonly id: string; readonly label: string }; readonly scopes: readonly string[] } | undefined>;
  /** The Client ID of the current session's app. */
  currentClientId(): Promise<string | undefined>;
  readonly onDidChangeSessions: vscode.Event<unknown>;
  /** The user signed out (unlike a session Spotify ended): their cached library goes too. */
  readonly onDidSignOut: vscode.Event<{ accountId: string }>;
}

/** Spotify's rate limits as the view needs them: when requests are held, and for which app. */
export interface RateLimitSource {
  onDidChangeRateLimit(listener: (until: number | undefined, quotaExceeded: boolean) => void): { dispose(): void };
  /** Limits are per app: a window stays with its Client ID across sign-out and sign-in. */
  useApp(clientId: string): void;
  readonly rateLimit: { readonly until: number; readonly quotaExceeded: boolean } | undefined;
}

export interface LibraryViewOptions {
  model: LibraryModel;
  pageSize: () => number;
  sessions: LibrarySessionSource;
  rateLimits: RateLimitSource;
  logger: Logger;
  /** The view shown brings the window into use; the cached library is brought up to date only then. */
  windowUse: WindowUse;
  /** Dragging rows out of the view (into editors). */
  dragAndDropController?: vscode.TreeDragAndDropController<LibraryNode>;
}

const FRESHNESS_INTERVAL_MS = 30_000;

/**
 * The Library view: its tree, what collapsing does, the "Ada · synced 3 min ago" description, the
 * rate-limit message, and keeping the tree on the current session's library.
 */
export class LibraryView extends Disposable {
  readonly tree: LibraryTreeProvider;
  readonly treeView: vscode.TreeView<LibraryNode>;

  readonly #model: LibraryModel;
  readonly #sessions: LibrarySessionSource;
  readonly #rateLimits: RateLimitSource;
  readonly #logger: Logger;
  readonly #sessionSyncs: SerialQueue;
  readonly #windowUse: WindowUse;
  /** The restored library's revalidation, waiting for the window to come into use. */
  #pendingRevalidation: { dispose(): void } | undefined;
  /** Why the last session sync failed, shown until one succeeds. */
  #syncFailure: string | undefined;
  #rateLimitMessage: string | undefined;
  #filterMessage: string | undefined;
  /** Whom the view shows the library of (the header says it beside "synced ..."); undefined while signed out. */
  #accountLabel: string | undefined;

  constructor(options: LibraryViewOptions) {
    super();
    this.#model = options.model;
    this.#sessions = options.sessions;
    this.#rateLimits = options.rateLimits;
    this.#logger = options.logger;
    this.#windowUse = options.windowUse;
    this.#sessionSyncs = new SerialQueue((error) => this.#onSyncFailed(error));

    this.tree = this._register(new LibraryTreeProvider(this.#model, options.pageSize));
    this.treeView = this._register(vscode.window.createTreeView(LIBRARY_VIEW_ID, {
        treeDataProvider: this.tree,
        showCollapseAll: true,
        canSelectMany: true, // copy, insert and drag act on every selected row
        dragAndDropController: options.dragAndDropController,
      }),);

    this._register(this.treeView.onDidCollapseElement(({ element }) => this.#onCollapse(element)));
    if (this.treeView.visible) this.#windowUse.begin();
    this._register(this.treeView.onDidChangeVisibility(({ visible }) => visible && this.#windowUse.begin()));
    this._register({ dispose: () => this.#pendingRevalidation?.dispose() });

    const freshnessTimer = setInterval(() => this.#describeFreshness(), FRESHNESS_INTERVAL_MS);
    this._register({ dispose: () => clearInterval(freshnessTimer) });
    this._register(this.#model.onDidChange(() => this.#describeFreshness()));

    this._register(
      this.#rateLimits.onDidChangeRateLimit((until, quotaExceeded) => this.#showRateLimit(until, quotaExceeded)),
    );

    this._register(this.#sessions.onDidChangeSessions(() => void this.syncSession()));
    this._register(
      // Queued with the syncs, so a sign-in right after cannot restore the library being deleted.
      this.#sessions.onDidSignOut(({ accountId }) => {
        void this.#sessionSyncs.run(() =>
          this.#model.forget(accountId).catch((error: unknown) => this.#logger.warn(`[view] could not delete the cached library: ${messageOf(error)}`)),
        );
      }),
    );
    void this.syncSession();
  }

  /**
   * Brings the tree to the current session's library; resolves (never rejects) once it has. Syncs
   * run one at a time, and one that fails leaves the next free to run.
   */
  syncSession(): Promise<void> {
    return this.#sessionSyncs.run(() => this.#syncOnce());
  }

  async #syncOnce(): Promise<void> {
    // The provider's own view of the session: VS Code's getSession({silent}) also asks whether this
    // extension was granted access, which a session created through the provider itself skips.
    const session = await this.#sessions.currentSession();
    if (!session) {
      this.#model.reset();
      this.#accountLabel = undefined;
      this.#describeFreshness();
      this.tree.setSignedIn(false);
      this.#showRateLimit(undefined, false); // the welcome view speaks now; the window stays with its app
      this.#syncSucceeded();
      return;
    }
    const clientId = await this.#sessions.currentClientId();
    if (clientId) this.#rateLimits.useApp(clientId);
    // Signing in again with the same app fires no change: show a window still in force.
    this.#showRateLimit(this.#rateLimits.rateLimit?.until, this.#rateLimits.rateLimit?.quotaExceeded ?? false);
    const switched = this.#model.currentAccountId !== session.account.id;
    const restored = switched ? await this.#model.openAccount(session.account.id) : false;
    // The same account with more scopes (Grant Access) keeps its library; the lists that waited for them load.
    this.#model.setGrantedScopes(session.scopes);
    this.#accountLabel = session.account.label;
    this.#describeFreshness();
    this.tree.setSignedIn(true);
    this.#syncSucceeded();
    // Signed in again from a list Spotify rejected the old session on (the same account keeps its session id): that list loads now.
    if (!switched) this.#model.retryRejectedSession();
    if (restored) this.#revalidateOnceInUse(session.account.id);
  }

  /** The cached tree shows first; this runs behind it, once someone looks (a window never used reads nothing). */
  #revalidateOnceInUse(accountId: string): void {
    this.#pendingRevalidation?.dispose();
    this.#pendingRevalidation = this.#windowUse.whenInUse(() => {
      this.#pendingRevalidation = undefined;
      if (this.#model.currentAccountId !== accountId) return; // signed out or switched meanwhile
      this.#model.revalidate().catch((error: unknown) => this.#logger.warn(`[view] could not bring the cached library up to date: ${messageOf(error)}`));
    });
  }

  #showRateLimit(until: number | undefined, quotaExceeded: boolean): void {
    this.#rateLimitMessage = rateLimitViewMessage(until, quotaExceeded);
    this.#showMessage();
  }

  #onSyncFailed(error: unknown): void {
    this.#logger.error(`[view] could not show the library of the current session: ${messageOf(error)}`);
    this.#syncFailure = vscode.l10n.t('Could not show your library ({0}). Refresh to try again.', messageOf(error));
    this.#showMessage();
  }

  #syncSucceeded(): void {
    if (this.#syncFailure === undefined) return;
    this.#syncFailure = undefined;
    this.#showMessage();
  }

  /** Collapsing a list cancels the page requests it no longer needs; expanding loads them again. */
  #onCollapse(element: LibraryNode): void {
    if (isPageableNode(element) && element.entries.isLoading) element.entries.cancel();
  }

  #describeFreshness(): void {
    const syncedAt = this.#model.liked.syncedAt ?? this.#model.playlists.syncedAt;
    const age = syncedAt ? formatAge(syncedAt) : undefined;
    const account = this.#accountLabel;
    this.treeView.description =
      account && age
        ? vscode.l10n.t('{0} · synced {1}', account, age) // the account's name, how long ago
        : age
          ? vscode.l10n.t('synced {0}', age)
          : account;
  }

  /** Words everything the view shows again (its rows, "synced ...", the rate-limit message): after the formatting locale changed. */
  redraw(): void {
    this.#describeFreshness();
    this.#showRateLimit(this.#rateLimits.rateLimit?.until, this.#rateLimits.rateLimit?.quotaExceeded ?? false);
    this.tree.refreshNode(undefined);
  }

  /** Filter...'s note (what is filtered, how to clear it), shown when nothing more urgent is. */
  setFilterMessage(message: string | undefined): void {
    this.#filterMessage = message;
    this.#showMessage();
  }

  #showMessage(): void {
    this.treeView.message = this.#syncFailure ?? this.#rateLimitMessage ?? this.#filterMessage;
  }
}
