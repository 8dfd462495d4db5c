/**
 * One interactive sign-in, as the provider's createSession runs it: the Client ID, the flow this
 * window uses (flowChoice.ts) in a cancellable notification against a timeout, the code exchange,
 * the account, and the stored session. Failures are shown to the user here (authMessages.ts).
 */
import * as vscode from 'vscode';
import { readSettings, type LibrarySettings } from '../common/config';
import { messageOf } from '../common/errorMessage';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { fetchSpotifyAccount, preflightAuthorizeUrl, requestToken, TokenEndpointError, type FetchFunction } from './accountsClient';
import { showSignInError } from './authMessages';
import { ClientIdSetting } from './clientIdSetting';
import { chooseSignInFlow, redirectUrisToRegister, type SignInEnvironment, type SignInFlowKind } from './flowChoice';
import { portableSignInFlows, type SignInAttempt, type SignInFlow } from './flows';
import { createPkcePair, createState, randomId, type PkcePair } from './pkce';
import { platformSignInFlows } from './platformFlows';
import { RedirectCallbacks } from './redirectCallbacks';
import type { SessionStorage } from './sessionStorage';
import { SIGN_IN_TIMEOUT_MINUTES, SignInCancelledError, signInErrors } from './signInErrors';
import { buildAuthorizeUrl, redirectUriFor, tokenEndpointUrl } from './spotifyOAuth';
import type { StoredSession } from './storedSession';

const SIGN_IN_TIMEOUT_MS = SIGN_IN_TIMEOUT_MINUTES * 60_000;

type SignInRequest = { clientId: string; settings: LibrarySettings; scopes: string[] };

export interface InteractiveSignInOptions {
  context: vscode.ExtensionContext;
  logger: Logger;
  storage: SessionStorage;
  fetch: FetchFunction;
}

export class InteractiveSignIn extends Disposable {
  readonly #context: vscode.ExtensionContext;
  readonly #logger: Logger;
  readonly #storage: SessionStorage;
  readonly #fetchFunction: FetchFunction;
  /** The flows this build has: the web build has no loopback (platformFlows.web.ts). */
  readonly #flows = new Map<SignInFlowKind, SignInFlow>([...platformSignInFlows, ...portableSignInFlows].map((flow) => [flow.kind, flow]));
  /** Sign-ins waiting for the redirect page's callback through the URI handler. */
  readonly #redirectCallbacks = new RedirectCallbacks();
  readonly #clientId: ClientIdSetting;
  #currentAttempt: AbortController | undefined;

  constructor(options: InteractiveSignInOptions) {
    super();
    this.#context = options.context;
    this.#logger = options.logger;
    this.#storage = options.storage;
    this.#fetchFunction = options.fetch;
    this.#clientId = this._register(new ClientIdSetting(this.#logger, (settings) => this.#redirectUrisToRegister(settings)));
    this._register(
      vscode.window.registerUriHandler({
        handleUri: (uri) => {
          const delivery = this.#redirectCallbacks.deliver(uri.path, uri.query);
          // Only the path: the query carries the code.
          if (delivery !== 'accepted') this.#logger.warn(`Ignored ${uri.path}: ${delivery === 'unknownNonce' ? 'no sign-in here waits for it' : 'not a sign-in callback'}.`);
        },
      }),
    );
  }

  override dispose(): void {
    this.#currentAttempt?.abort();
    super.dispose();
  }

  /** The guided Client ID setup; resolves with the saved id, undefined when dismissed. */
  setUpClientId(options: { beforeSignIn?: boolean } = {}): Promise<string | undefined> {
    return this.#clientId.setUp(options);
  }

  /**
   * Signs in with `flowOverride`, or the flow the settings and this window choose, and stores the
   * session. A cancelled sign-in throws vscode.CancellationError and shows nothing; a failed one
   * is shown to the user and thrown.
   */
  async run(scopes: string[], flowOverride: SignInFlowKind | undefined): Promise<StoredSession> {
    try {
      const clientId = await this.#clientId.ensure();
      const settings = readSettings();
      const flow = this.#flows.get(flowOverride ?? chooseSignInFlow(settings.signInFlow, this.#signInEnvironment()))!;
      this.#logger.info(`Signing in with the ${flow.kind} flow (redirect port setting ${settings.redirectPort}).`);
      const session = await this.#runFlowWithProgress(flow, { clientId, settings, scopes });
      this.#logger.info(`Signed in as ${session.account.label}.`);
      return session;
    } catch (error) {
      if (isCancellation(error)) {
        this.#logger.info('Sign-in cancelled.');
        throw new vscode.CancellationError();
      }
      this.#logger.error(`Sign-in failed: ${messageOf(error)}`);
      // A button's action can fail too (Set Up Client ID cannot write settings.json): said, not an unhandled rejection.
      showSignInError(error).catch((actionError: unknown) => {
        this.#logger.error(`The sign-in error's action failed: ${messageOf(actionError)}`);
        void vscode.window.showErrorMessage(messageOf(actionError));
      });
      throw error;
    }
  }

  /** Runs the flow and the token exchange in a cancellable notification, against a 5-minute timeout. */
  #runFlowWithProgress(flow: SignInFlow, request: SignInRequest): Promise<StoredSession> {
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
    request: SignInRequest,
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

  async #exchangeCode(code: string, redirectUri: string, pkce: PkcePair, request: SignInRequest) {
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
}

function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || error instanceof SignInCancelledError;
}
