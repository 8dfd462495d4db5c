/**
 * The ways the browser's redirect gets back to VS Code, as strategies the provider picks from
 * (see flowChoice.ts). Each one yields the authorization code and the exact redirect URI it used.
 */
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { SignInFlowKind } from './flowChoice';
import { startLoopbackServer, type BrowserOutcome } from './loopbackServer';
import { SignInCancelledError, SignInError } from './signInErrors';
import { parsePastedRedirectAddress, redirectUriFor } from './spotifyOAuth';

/** What a flow gets from the provider for one sign-in attempt. */
export interface SignInAttempt {
  /** The spotifyLibrary.redirectPort setting; 0 = any free port. */
  readonly redirectPort: number;
  readonly state: string;
  /** Aborted when the user cancels, the attempt times out, or the extension shuts down. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Checks the authorize URL with Spotify (throws SignInError for an unknown Client ID or an
   * unregistered redirect URI), then opens it in the browser.
   */
  openAuthorizePage(redirectUri: string, redirectUriToRegister: string): Promise<void>;
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

/** The browser comes back to a one-shot server on 127.0.0.1: works where both run on one machine. */
export const loopbackFlow: SignInFlow = {
  kind: 'loopback',
  waitingMessage: 'Approve the sign-in in your browser…',
  async authorize(attempt) {
    const server = await startLoopbackServer({
      port: attempt.redirectPort,
      expectedState: attempt.state,
      signal: attempt.signal,
      redirectUriToRegister: redirectUriFor(attempt.redirectPort),
      logger: attempt.logger,
    });
    try {
      // With port 0 Spotify matches the port-less registration, whatever port the server got.
      await attempt.openAuthorizePage(server.redirectUri, redirectUriFor(attempt.redirectPort));
      const code = await server.authorizationCode;
      return { code, redirectUri: server.redirectUri, reportOutcome: (outcome) => server.finish(outcome) };
    } catch (error) {
      server.close();
      throw error;
    }
  },
};

/**
 * The browser is sent to a 127.0.0.1 address nothing answers (remote and web windows); the user
 * copies that address from the address bar into VS Code.
 */
export const pasteFlow: SignInFlow = {
  kind: 'paste',
  waitingMessage: 'Approve in your browser, then paste the address it was sent to…',
  async authorize(attempt) {
    const redirectUri = redirectUriFor(attempt.redirectPort);
    await attempt.openAuthorizePage(redirectUri, redirectUri);

    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = () => cancellation.cancel();
    attempt.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const pasted = await vscode.window.showInputBox(
        {
          title: 'Sign in to Spotify: paste the address from your browser',
          prompt:
            `After you approve, the browser is sent to ${redirectUri}?code=… and shows that the page cannot be reached. ` +
            'That is expected: copy the whole address from the address bar and paste it here.',
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

export const signInFlows: Readonly<Record<SignInFlowKind, SignInFlow>> = {
  loopback: loopbackFlow,
  paste: pasteFlow,
};
