/**
 * Sign-in to Spotify as a VS Code authentication provider ('spotify'), and the access-token source
 * the API client uses. One account at a time, stored as JSON under one SecretStorage key so every
 * window shares it; the token logic lives in tokenManager.ts, the interactive sign-in in
 * interactiveSignIn.ts, what the user is told in authMessages.ts.
 */
import * as vscode from 'vscode';
import { scopesForSections } from '../common/sections';
import type { AccessTokenSource } from '../api/accessTokenSource';
import { SessionExpiredError } from '../api/errors';
import { readSettings } from '../common/config';
import { messageOf } from '../common/errorMessage';
import { Disposable } from '../common/lifecycle';
import { tagged, type Logger } from '../common/logger';
import type { FetchFunction } from './accountsClient';
import { showSessionEnded, showSignOutFailed } from './authMessages';
import type { SignInFlowKind } from './flowChoice';
import { InteractiveSignIn } from './interactiveSignIn';
import { scopesCover, scopesForRequest, tokenEndpointUrl } from './spotifyOAuth';
import { SessionStorage } from './sessionStorage';
import type { StoredSession } from './storedSession';
import { REFRESH_MARGIN_MS, TokenManager } from './tokenManager';

export const SPOTIFY_AUTH_PROVIDER_ID = 'spotify';
const SPOTIFY_AUTH_PROVIDER_LABEL = 'Spotify';

const CONTEXT_SIGNED_IN = 'spotifyLibrary:signedIn';

export class SpotifyAuthenticationProvider extends Disposable implements vscode.AuthenticationProvider, AccessTokenSource {
  readonly #sessionsChanged = this._register(
    new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>(),
  );
  readonly onDidChangeSessions = this.#sessionsChanged.event;
  readonly #signedOut = this._register(new vscode.EventEmitter<{ accountId: string }>());
  /** The user signed out (Accounts menu or command), unlike a session Spotify ended. */
  readonly onDidSignOut = this.#signedOut.event;

  readonly #logger: Logger;
  readonly #fetchFunction: FetchFunction = (url, init) => fetch(url, init);
  readonly #tokens: TokenManager;
  readonly #storage: SessionStorage;
  readonly #interactiveSignIn: InteractiveSignIn;

  #pendingSignIn: Promise<vscode.AuthenticationSession> | undefined;
  /** Set by signInByPasting for the createSession that VS Code calls next. */
  #flowForNextSignIn: SignInFlowKind | undefined;

  constructor(
    context: vscode.ExtensionContext,
    logger: Logger,
  ) {
    super();
    this.#logger = tagged(logger, 'auth');
    this.#storage = this._register(new SessionStorage(context.secrets, this.#logger));
    this.#tokens = new TokenManager({
      store: this.#storage,
      fetch: this.#fetchFunction,
      tokenUrl: () => tokenEndpointUrl(readSettings().accountsBaseUrl),
      logger: this.#logger,
      onSessionEnded: showSessionEnded,
    });

    void this.#storage.read().then((session) => {
      this.#updateSignedInContext(session);
      this.#logger.info(session ? `Restored the session of ${session.account.label}.` : 'No stored session.');
    });
    this.#interactiveSignIn = this._register(
      new InteractiveSignIn({ context, logger: this.#logger, storage: this.#storage, fetch: this.#fetchFunction }),
    );

    this._register(
      vscode.authentication.registerAuthenticationProvider(SPOTIFY_AUTH_PROVIDER_ID, SPOTIFY_AUTH_PROVIDER_LABEL, this, {
        supportsMultipleAccounts: false,
      }),
    );
    this._register(this.#storage.onDidChange(({ previous, next }) => this.#announceChange(previous, next)));
  }

  // ---- vscode.AuthenticationProvider ------------------------------------------------------------

  async getSessions(
    scopes?: readonly string[],
    _options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    let session = await this.#storage.read();
    if (!session || !scopesCover(session.scopes, scopes)) return [];
    if (session.expiresAt - Date.now() <= REFRESH_MARGIN_MS) {
      // Callers of vscode.authentication.getSession use accessToken directly: hand out a live one.
      try {
        await this.#tokens.getAccessToken();
      } catch (error) {
        if (error instanceof SessionExpiredError) return [];
        this.#logger.debug(`Handing out an expiring session; refreshing failed: ${messageOf(error)}`);
      }
      session = await this.#storage.read();
      if (!session) return [];
    }
    return [toAuthenticationSession(session)];
  }

  createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    // A second request while one sign-in is in progress waits for that one.
    if (!this.#pendingSignIn) {
      const flow = this.#flowForNextSignIn;
      this.#flowForNextSignIn = undefined;
      const signIn = this.#interactiveSignIn.run(scopesForRequest(scopes), flow).then(toAuthenticationSession);
      this.#pendingSignIn = signIn;
      const clear = () => {
        if (this.#pendingSignIn === signIn) this.#pendingSignIn = undefined;
      };
      signIn.then(clear, clear);
    }
    return this.#pendingSignIn;
  }

  async removeSession(sessionId: string): Promise<void> {
    const session = await this.#storage.read();
    if (!session || session.id !== sessionId) return;
    try {
      await this.#storage.remove(session.id);
    } catch (error) {
      this.#logger.error(`Signing out failed: ${messageOf(error)}`);
      showSignOutFailed(error);
      throw error;
    }
    this.#logger.info('Signed out.');
    this.#signedOut.fire({ accountId: session.account.id });
  }

  // ---- AccessTokenSource (for the API client) ---------------------------------------------------

  getAccessToken(): Promise<string> {
    return this.#tokens.getAccessToken();
  }

  refreshAfterRejection(rejectedToken: string): Promise<string> {
    return this.#tokens.refreshAfterRejection(rejectedToken);
  }

  // ---- Commands ---------------------------------------------------------------------------------

  /** The session VS Code knows, without prompting. */
  async currentSession(): Promise<vscode.AuthenticationSession | undefined> {
    const session = await this.#storage.read();
    return session && toAuthenticationSession(session);
  }

  /** The Client ID the current session was made with: Spotify's rate limits belong to that app. */
  async currentClientId(): Promise<string | undefined> {
    return (await this.#storage.read())?.clientId;
  }

  /**
   * Signs in through VS Code's authentication API (so VS Code records this extension's access to
   * the session), with `flow` instead of the configured one when given, and a forced new session
   * when `rejectedBecause` says why the current one no longer works. Resolves with the existing
   * session when signed in already, and undefined when the sign-in failed or was cancelled (the
   * user has been told what went wrong).
   */
  async signIn(flow?: SignInFlowKind, rejectedBecause?: string): Promise<vscode.AuthenticationSession | undefined> {
    this.#flowForNextSignIn = flow;
    try {
      // Spotify rejected the current token even after a refresh: ask for a new session, saying why.
      const options: vscode.AuthenticationGetSessionOptions = rejectedBecause
        ? { forceNewSession: { detail: rejectedBecause } }
        : { createIfNone: true };
      // A new sign-in asks for what the shown sections need (followed artists, resume points); a session
      // being replaced keeps its own scopes (Grant Access is the way to more).
      const current = await this.#storage.read();
      const scopes = current ? current.scopes : scopesForSections(readSettings().viewSections);
      return await vscode.authentication.getSession(SPOTIFY_AUTH_PROVIDER_ID, scopesForRequest(scopes), options);
    } catch (error) {
      this.#logger.info(`Sign-in ended without a session: ${messageOf(error)}`);
      return undefined;
    } finally {
      this.#flowForNextSignIn = undefined;
    }
  }

  async signOut(): Promise<boolean> {
    const session = await this.#storage.read();
    if (!session) return false;
    try {
      await this.removeSession(session.id);
    } catch {
      return false; // the user has been told
    }
    return true;
  }

  /** The guided Client ID setup; resolves with the saved id, undefined when dismissed. */
  setUpClientId(options: { beforeSignIn?: boolean } = {}): Promise<string | undefined> {
    return this.#interactiveSignIn.setUpClientId(options);
  }

  // ---- Session changes -------------------------------------------------------------------------

  /** Tells VS Code (and the tree, through onDidChangeSessions) what changed in the stored session. */
  #announceChange(previous: StoredSession | undefined, next: StoredSession | undefined): void {
    this.#updateSignedInContext(next);
    if (!previous && !next) return;
    if (previous && next && previous.id === next.id) {
      this.#sessionsChanged.fire({ added: [], removed: [], changed: [toAuthenticationSession(next)] });
      return;
    }
    this.#sessionsChanged.fire({
      added: next ? [toAuthenticationSession(next)] : [],
      removed: previous ? [toAuthenticationSession(previous)] : [],
      changed: [],
    });
  }

  #updateSignedInContext(session: StoredSession | undefined): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_SIGNED_IN, !!session);
  }
}

function toAuthenticationSession(session: StoredSession): vscode.AuthenticationSession {
  return {
    id: session.id,
    accessToken: session.accessToken,
    account: { id: session.account.id, label: session.account.label },
    scopes: session.scopes,
  };
}
