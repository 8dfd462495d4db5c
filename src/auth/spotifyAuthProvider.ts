/**
 * Sign-in to Spotify as a VS Code authentication provider ('spotify'), and the access-token source
 * the API client uses. One account at a time, stored as JSON under one SecretStorage key so every
 * window shares it; the token logic itself lives in tokenManager.ts.
 */
import * as vscode from 'vscode';
import { scopesForSections } from '../common/sections';
import type { AccessTokenSource } from '../api/accessTokenSource';
import { SessionExpiredError } from '../api/errors';
import { CONFIG_SECTION, readSettings, type LibrarySettings } from '../common/config';
import { messageOf } from '../common/errorMessage';
import { Disposable } from '../common/lifecycle';
import { tagged, type Logger } from '../common/logger';
import {
  fetchSpotifyAccount,
  preflightAuthorizeUrl,
  requestToken,
  TokenEndpointError,
  type FetchFunction,
} from './accountsClient';
import { runClientIdSetup, SPOTIFY_DASHBOARD_URL } from './clientIdSetup';
import { chooseSignInFlow, redirectUrisToRegister, type SignInEnvironment, type SignInFlowKind } from './flowChoice';
import { portableSignInFlows, type SignInAttempt, type SignInFlow } from './flows';
import { createPkcePair, createState, randomId, type PkcePair } from './pkce';
import { platformSignInFlows } from './platformFlows';
import { RedirectCallbacks } from './redirectCallbacks';
import { SIGN_IN_TIMEOUT_MINUTES, SignInCancelledError, SignInError, signInErrors } from './signInErrors';
import {
  buildAuthorizeUrl,
  isValidClientId,
  redirectUriFor,
  scopesCover,
  scopesForRequest,
  tokenEndpointUrl,
} from './spotifyOAuth';
import { SessionStorage } from './sessionStorage';
import type { StoredSession } from './storedSession';
import { REFRESH_MARGIN_MS, TokenManager } from './tokenManager';

export const SPOTIFY_AUTH_PROVIDER_ID = 'spotify';
const SPOTIFY_AUTH_PROVIDER_LABEL = 'Spotify';
const SIGN_IN_TIMEOUT_MS = SIGN_IN_TIMEOUT_MINUTES * 60_000;

const CONTEXT_SIGNED_IN = 'spotifyLibrary:signedIn';
const CONTEXT_HAS_CLIENT_ID = 'spotifyLibrary:hasClientId';

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
  /** The flows this build has: the web build has no loopback (platformFlows.web.ts). */
  readonly #flows = new Map<SignInFlowKind, SignInFlow>([...platformSignInFlows, ...portableSignInFlows].map((flow) => [flow.kind, flow]));
  /** Sign-ins waiting for the redirect page's callback through the URI handler. */
  readonly #redirectCallbacks = new RedirectCallbacks();

  #pendingSignIn: Promise<vscode.AuthenticationSession> | undefined;
  #currentAttempt: AbortController | undefined;
  /** Set by signInByPasting for the createSession that VS Code calls next. */
  #flowForNextSignIn: SignInFlowKind | undefined;
  readonly #context: vscode.ExtensionContext;

  constructor(
    context: vscode.ExtensionContext,
    logger: Logger,
  ) {
    super();
    this.#context = context;
    this.#logger = tagged(logger, 'auth');
    this.#storage = this._register(new SessionStorage(context.secrets, this.#logger));
    this.#tokens = new TokenManager({
      store: this.#storage,
      fetch: this.#fetchFunction,
      tokenUrl: () => tokenEndpointUrl(readSettings().accountsBaseUrl),
      logger: this.#logger,
      onSessionEnded: (error) => this.#showSessionEnded(error),
    });

    void this.#storage.read().then((session) => {
      this.#updateSignedInContext(session);
      this.#logger.info(session ? `Restored the session of ${session.account.label}.` : 'No stored session.');
    });
    this.#updateClientIdContext();

    this._register(
      vscode.authentication.registerAuthenticationProvider(SPOTIFY_AUTH_PROVIDER_ID, SPOTIFY_AUTH_PROVIDER_LABEL, this, {
        supportsMultipleAccounts: false,
      }),
    );
    this._register(this.#storage.onDidChange(({ previous, next }) => this.#announceChange(previous, next)));
    this._register(
      vscode.window.registerUriHandler({
        handleUri: (uri) => {
          const delivery = this.#redirectCallbacks.deliver(uri.path, uri.query);
          // Only the path: the query carries the code.
          if (delivery !== 'accepted') this.#logger.warn(`Ignored ${uri.path}: ${delivery === 'unknownNonce' ? 'no sign-in here waits for it' : 'not a sign-in callback'}.`);
        },
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.clientId`)) this.#updateClientIdContext();
      }),
    );
  }

  override dispose(): void {
    this.#currentAttempt?.abort();
    super.dispose();
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
      const signIn = this.#interactiveSignIn(scopesForRequest(scopes), flow);
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
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('Could not sign out of Spotify: VS Code could not delete the sign-in from its secret storage ({0}). You are still signed in.', messageOf(error)),
          vscode.l10n.t('Try Again'),
        )
        .then((choice) => choice && vscode.commands.executeCommand('spotifyLibrary.signOut'));
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
      const scopes = current ? current.scopes : scopesForSections(readSettings().sections);
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
  async setUpClientId(options: { beforeSignIn?: boolean } = {}): Promise<string | undefined> {
    const settings = readSettings();
    const clientId = await runClientIdSetup({
      redirectUris: this.#redirectUrisToRegister(settings),
      currentClientId: settings.clientId,
      beforeSignIn: options.beforeSignIn ?? false,
    });
    if (clientId) {
      this.#logger.info('Client ID saved to the user settings.');
      this.#updateClientIdContext(clientId);
    }
    return clientId;
  }

  // ---- Interactive sign-in ----------------------------------------------------------------------

  async #interactiveSignIn(
    scopes: string[],
    flowOverride: SignInFlowKind | undefined,
  ): Promise<vscode.AuthenticationSession> {
    try {
      const clientId = await this.#ensureClientId();
      const settings = readSettings();
      const flow = this.#flows.get(flowOverride ?? chooseSignInFlow(settings.signInFlow, this.#signInEnvironment()))!;
      this.#logger.info(`Signing in with the ${flow.kind} flow (redirect port setting ${settings.redirectPort}).`);
      const session = await this.#runFlowWithProgress(flow, { clientId, settings, scopes });
      this.#logger.info(`Signed in as ${session.account.label}.`);
      return toAuthenticationSession(session);
    } catch (error) {
      if (isCancellation(error)) {
        this.#logger.info('Sign-in cancelled.');
        throw new vscode.CancellationError();
      }
      this.#logger.error(`Sign-in failed: ${messageOf(error)}`);
      // A button's action can fail too (Set Up Client ID cannot write settings.json): said, not an unhandled rejection.
      this.#showSignInError(error).catch((actionError: unknown) => {
        this.#logger.error(`The sign-in error's action failed: ${messageOf(actionError)}`);
        void vscode.window.showErrorMessage(messageOf(actionError));
      });
      throw error;
    }
  }

  async #ensureClientId(): Promise<string> {
    const { clientId } = readSettings();
    if (isValidClientId(clientId)) return clientId;
    this.#logger.info(clientId ? 'The Client ID setting is malformed; starting the setup.' : 'No Client ID yet; starting the setup.');
    const saved = await this.setUpClientId({ beforeSignIn: true });
    if (!saved) throw new vscode.CancellationError();
    return saved;
  }

  /** Runs the flow and the token exchange in a cancellable notification, against a 5-minute timeout. */
  #runFlowWithProgress(
    flow: SignInFlow,
    request: { clientId: string; settings: LibrarySettings; scopes: string[] },
  ): Promise<StoredSession> {
    const signedIn = vscode.window.withProgress<StoredSession>(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to Spotify'), cancellable: true },
      async (progress, cancellation) => {
        progress.report({ message: flow.waitingMessage });
        const abort = new AbortController();
        this.#currentAttempt?.abort();
        this.#currentAttempt = abort;
        const pkce = await createPkcePair();
        const attempt: SignInAttempt = {
          redirectPort: request.settings.redirectPort,
          state: createState(),
          signal: abort.signal,
          logger: this.#logger,
          redirectPageUrl: request.settings.redirectPageUrl,
          redirectCallbacks: this.#redirectCallbacks,
          extensionId: this.#context.extension.id,
          openAuthorizePage: (redirectUri, redirectUriToRegister, state = attempt.state) =>
            this.#openAuthorizePage({
              accountsBaseUrl: request.settings.accountsBaseUrl,
              clientId: request.clientId,
              redirectUri,
              redirectUriToRegister,
              pkce,
              state,
              scopes: request.scopes,
              signal: abort.signal,
            }),
        };

        const signIn = this.#authorizeAndExchange(flow, attempt, pkce, request, progress);
        signIn.catch(() => undefined); // it may lose the race below
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                signInErrors.timedOut(flow.kind === 'redirect' ? request.settings.redirectPageUrl : redirectUriFor(request.settings.redirectPort)),
              ),
            SIGN_IN_TIMEOUT_MS,
          );
        });
        let cancelListener: vscode.Disposable | undefined;
        const cancelled = new Promise<never>((_, reject) => {
          cancelListener = cancellation.onCancellationRequested(() => reject(new vscode.CancellationError()));
        });
        try {
          return await Promise.race([signIn, timedOut, cancelled]);
        } finally {
          clearTimeout(timer);
          cancelListener?.dispose();
          // Stops the loopback server or closes the input box of a lost race.
          abort.abort();
          if (this.#currentAttempt === abort) this.#currentAttempt = undefined;
        }
      },
    );
    return Promise.resolve(signedIn);
  }

  async #authorizeAndExchange(
    flow: SignInFlow,
    attempt: SignInAttempt,
    pkce: PkcePair,
    request: { clientId: string; settings: LibrarySettings; scopes: string[] },
    progress: vscode.Progress<{ message?: string }>,
  ): Promise<StoredSession> {
    const authorization = await flow.authorize(attempt);
    progress.report({ message: vscode.l10n.t('Finishing…') });
    try {
      const grant = await this.#exchangeCode(authorization.code, authorization.redirectUri, pkce, request);
      const account = await fetchSpotifyAccount(this.#fetchFunction, request.settings.apiBaseUrl, grant.accessToken);
      if (attempt.signal.aborted) throw new SignInCancelledError();
      if (!grant.refreshToken) this.#logger.warn('Spotify sent no refresh token: this sign-in lasts until the access token expires.');
      // More scopes for the same account (Grant Access) is the same session, changed: never a removal.
      const previous = await this.#storage.read();
      const session: StoredSession = {
        id: previous && previous.account.id === account.id && previous.clientId === request.clientId ? previous.id : randomId(),
        account: { id: account.id, label: account.label },
        scopes: request.scopes,
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        expiresAt: Date.now() + grant.expiresInSeconds * 1000,
        clientId: request.clientId,
      };
      // Saved before anyone is told: a session VS Code cannot keep is no sign-in.
      await this.#storage.store(session).catch((error: unknown) => {
        throw signInErrors.notSaved(messageOf(error));
      });
      authorization.reportOutcome({ ok: true, message: vscode.l10n.t('Signed in to Spotify as {0}.', account.label) });
      return session;
    } catch (error) {
      authorization.reportOutcome({ ok: false, message: messageOf(error) });
      throw error;
    }
  }

  async #exchangeCode(
    code: string,
    redirectUri: string,
    pkce: PkcePair,
    request: { clientId: string; settings: LibrarySettings },
  ) {
    try {
      return await requestToken(this.#fetchFunction, tokenEndpointUrl(request.settings.accountsBaseUrl), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: request.clientId,
        code_verifier: pkce.verifier,
      });
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        if (error.error === 'invalid_client') throw signInErrors.invalidClientId(request.clientId);
        throw signInErrors.tokenExchangeFailed(error.error, error.description);
      }
      throw error;
    }
  }

  async #openAuthorizePage(request: {
    accountsBaseUrl: string;
    clientId: string;
    redirectUri: string;
    redirectUriToRegister: string;
    pkce: PkcePair;
    state: string;
    scopes: string[];
    signal: AbortSignal;
  }): Promise<void> {
    const authorizeUrl = buildAuthorizeUrl({
      accountsBaseUrl: request.accountsBaseUrl,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.pkce.challenge,
      state: request.state,
      scopes: request.scopes,
    });
    const problem = await preflightAuthorizeUrl(
      this.#fetchFunction,
      authorizeUrl,
      request.clientId,
      request.redirectUriToRegister,
      this.#logger,
    );
    if (problem) throw problem;
    if (request.signal.aborted) throw new SignInCancelledError();
    this.#logger.info(`Opening Spotify's consent page; redirect URI ${request.redirectUri}.`);
    const opened = await vscode.env.openExternal(vscode.Uri.parse(authorizeUrl));
    if (!opened) throw new SignInCancelledError();
  }

  #signInEnvironment(): SignInEnvironment {
    return {
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      remoteName: vscode.env.remoteName,
      extensionRunsOn: this.#context.extension.extensionKind === vscode.ExtensionKind.UI ? 'ui' : 'workspace',
      canListen: this.#flows.has('loopback'),
      canReceiveUris: !!vscode.env.uriScheme,
    };
  }

  #redirectUrisToRegister(settings: LibrarySettings): string[] {
    return redirectUrisToRegister(settings.signInFlow, chooseSignInFlow(settings.signInFlow, this.#signInEnvironment()), {
      loopback: redirectUriFor(settings.redirectPort),
      redirectPage: settings.redirectPageUrl,
    });
  }

  // ---- Messages ---------------------------------------------------------------------------------

  async #showSignInError(error: unknown): Promise<void> {
    const retry = vscode.l10n.t('Try Again');
    const setUp = vscode.l10n.t('Set Up Client ID');
    const copyUri = vscode.l10n.t('Copy Redirect URI');
    const dashboard = vscode.l10n.t('Open Dashboard');
    const settings = vscode.l10n.t('Open Settings');
    const paste = vscode.l10n.t('Sign In by Pasting');
    let buttons: string[] = [retry];
    if (error instanceof SignInError) {
      switch (error.reason) {
        case 'invalidClientId':
          buttons = [setUp];
          break;
        case 'redirectUriNotRegistered':
          buttons = [copyUri, dashboard];
          break;
        case 'timedOut':
          buttons = [retry, paste, copyUri];
          break;
        case 'portInUse':
        case 'cannotListen':
          buttons = [settings];
          break;
        case 'userNotRegistered':
        case 'premiumRequired':
          buttons = [dashboard];
          break;
      }
    }
    const text = error instanceof SignInError ? error.message : vscode.l10n.t('Sign-in to Spotify failed: {0}', messageOf(error));
    const choice = await vscode.window.showErrorMessage(text, ...buttons);
    switch (choice) {
      case retry:
        await vscode.commands.executeCommand('spotifyLibrary.signIn');
        break;
      case paste:
        await vscode.commands.executeCommand('spotifyLibrary.signInByPasting');
        break;
      case setUp:
        await vscode.commands.executeCommand('spotifyLibrary.setUpClientId');
        break;
      case copyUri:
        await vscode.env.clipboard.writeText(
          (error instanceof SignInError && error.redirectUriToRegister) || redirectUriFor(readSettings().redirectPort),
        );
        break;
      case dashboard:
        await vscode.env.openExternal(vscode.Uri.parse(SPOTIFY_DASHBOARD_URL));
        break;
      case settings:
        await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.redirectPort`);
        break;
    }
  }

  /** Once per ended session (the token manager refreshes one at a time). */
  #showSessionEnded(error: SessionExpiredError): void {
    void vscode.window.showWarningMessage(error.message, vscode.l10n.t('Sign In')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('spotifyLibrary.signIn');
    });
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

  #updateClientIdContext(clientId = readSettings().clientId): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_CLIENT_ID, isValidClientId(clientId));
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

function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || error instanceof SignInCancelledError;
}
