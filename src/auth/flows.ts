/**
 * The ways the browser's redirect gets back to VS Code, as strategies the provider picks from
 * (see flowChoice.ts). Each one yields the authorization code and the exact redirect URI it used.
 * These two run anywhere; the loopback flow needs Node and lives in loopbackFlow.ts.
 */
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { SignInFlowKind } from './flowChoice';
import type { BrowserOutcome } from './loopbackServer';
import { randomBase64Url } from './pkce';
import { REDIRECT_CALLBACK_PATH, type RedirectCallbacks } from './redirectCallbacks';
import { SignInCancelledError, SignInError, signInErrors } from './signInErrors';
import { parsePastedRedirectAddress, readCallbackQuery, redirectUriFor } from './spotifyOAuth';

/** What a flow gets from the provider for one sign-in attempt. */
export interface SignInAttempt {
  /** The spotifyLibrary.redirectPort setting; 0 = any free port. */
  readonly redirectPort: number;
  readonly state: string;
  /** Aborted when the user cancels, the attempt times out, or the extension shuts down. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** The spotifyLibrary.redirectPageUrl setting: https://vscode.dev/redirect but in tests. */
  readonly redirectPageUrl: string;
  /** Where the URI handler delivers the redirect page's callbacks. */
  readonly redirectCallbacks: RedirectCallbacks;
  /** `publisher.name`, the authority of the extension's vscode:// URIs. */
  readonly extensionId: string;
  /**
   * Checks the authorize URL with Spotify (throws SignInError for an unknown Client ID or an
   * unregistered redirect URI), then opens it in the browser; `state` replaces the attempt's own.
   */
  openAuthorizePage(redirectUri: string, redirectUriToRegister: string, state?: string): Promise<void>;
}

export interface Authorization {
  code: string;
  /** Exactly as sent to /authorize: the token request must repeat it. */
  redirectUri: string;
  /** Tells the browser tab how the sign-in ended, where a tab is still waiting. */
  reportOutcome(outcome: BrowserOutcome): void;
}

export interface SignInFlow {
  readonly kind: SignInFlowKind;
  /** Shown in the progress notification while the flow waits for the user. */
  readonly waitingMessage: string;
  authorize(attempt: SignInAttempt): Promise<Authorization>;
}

/**
 * The browser is sent to a 127.0.0.1 address nothing answers (remote and web windows); the user
 * copies that address from the address bar into VS Code.
 */
export const pasteFlow: SignInFlow = {
  kind: 'paste',
  get waitingMessage() {
    return vscode.l10n.t('Approve in your browser, then paste the address it was sent to…');
  },
  async authorize(attempt) {
    const redirectUri = redirectUriFor(attempt.redirectPort);
    await attempt.openAuthorizePage(redirectUri, redirectUri);

    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = () => cancellation.cancel();
    attempt.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const pasted = await vscode.window.showInputBox(
        {
          title: vscode.l10n.t('Sign in to Spotify: paste the address from your browser'),
          prompt: vscode.l10n.t(
            'After you approve, the browser is sent to {0}?code=… and shows that the page cannot be reached. That is expected: copy the whole address from the address bar and paste it here.',
            redirectUri,
          ),
          placeHolder: `${redirectUri}?code=…&state=…`,
          ignoreFocusOut: true,
          validateInput: (value) => {
            if (!value.trim()) return undefined;
            const parsed = parsePastedRedirectAddress(value, attempt.state);
            return parsed.kind === 'invalid' ? parsed.problem : undefined;
          },
        },
        cancellation.token,
      );
      if (pasted === undefined || !pasted.trim() || attempt.signal.aborted) throw new SignInCancelledError();
      const parsed = parsePastedRedirectAddress(pasted, attempt.state);
      if (parsed.kind === 'error') throw parsed.error;
      if (parsed.kind === 'invalid') throw new SignInError('authorizeError', parsed.problem);
      attempt.logger.info('Received the redirect address by paste.');
      return { code: parsed.code, redirectUri, reportOutcome: () => undefined };
    } finally {
      attempt.signal.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
  },
};

/**
 * Spotify sends the browser to the redirect page (https://vscode.dev/redirect), which forwards the
 * code to the address in `state`: this extension's URI, made reachable by asExternalUri (a vscode://
 * link on desktop, the workbench's /callback page in a browser). Works wherever VS Code's URI
 * handling does: remote and web windows included.
 */
export const redirectFlow: SignInFlow = {
  kind: 'redirect',
  get waitingMessage() {
    return vscode.l10n.t('Approve the sign-in in your browser…');
  },
  async authorize(attempt) {
    // The nonce only this sign-in knows: the URI handler takes no callback without it.
    const nonce = randomBase64Url(16);
    const callback = attempt.redirectCallbacks.waitFor(nonce, attempt.signal);
    callback.catch(() => undefined); // the authorize page may fail first
    const callbackUri = await vscode.env.asExternalUri(
      vscode.Uri.parse(`${vscode.env.uriScheme}://${attempt.extensionId}${REDIRECT_CALLBACK_PATH}?nonce=${encodeURIComponent(nonce)}`),
    );
    // Encoded once more, as the redirect page decodes it before it appends code and state.
    const state = encodeURIComponent(callbackUri.toString(true));
    await attempt.openAuthorizePage(attempt.redirectPageUrl, attempt.redirectPageUrl, state);
    const query = await callback;
    const outcome = readCallbackQuery(query, state);
    switch (outcome.kind) {
      case 'code':
        attempt.logger.info('Received the sign-in through the redirect page.');
        return { code: outcome.code, redirectUri: attempt.redirectPageUrl, reportOutcome: () => undefined };
      case 'error':
        throw outcome.error;
      case 'wrongState':
        throw signInErrors.authorizeError('state_mismatch', vscode.l10n.t('the redirect page sent back another sign-in’s state'));
      case 'incomplete':
        throw signInErrors.authorizeError('no_code', vscode.l10n.t('the redirect page sent neither a code nor an error'));
    }
  },
};

/** Every flow but the loopback one, which only the Node build has (platformFlows.ts). */
export const portableSignInFlows: readonly SignInFlow[] = [redirectFlow, pasteFlow];
