/**
 * The one-shot HTTP server on 127.0.0.1 that receives Spotify's redirect. It answers only
 * `GET /callback` carrying this sign-in's `state`, once; everything else gets 404/400 and does not
 * end the wait. Node-only, unit-tested with real fetch.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../common/logger';
import { CALLBACK_PATH, LOOPBACK_HOST, readCallbackQuery } from './spotifyOAuth';
import { SignInCancelledError, signInErrors } from './signInErrors';
import { l10n } from '../common/l10n';
import { displayLocale } from '../common/displayLocale';

export interface LoopbackServerOptions {
  /** 0 picks a free port. */
  port: number;
  expectedState: string;
  /** Aborting stops the server and rejects `authorizationCode` with SignInCancelledError. */
  signal?: AbortSignal;
  /** Rejects `authorizationCode` with a timed-out SignInError after this long. */
  timeoutMs?: number;
  /** Named in the timeout message: the redirect URI the user registered (without port when dynamic). */
  redirectUriToRegister?: string;
  /** How long the browser tab waits for `finish` before it gets a generic page. */
  finishTimeoutMs?: number;
  logger?: Logger;
}

export interface BrowserOutcome {
  ok: boolean;
  /** Plain text; escaped before it goes into the page. */
  message: string;
}

export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>/callback`, the redirect_uri to send. */
  readonly redirectUri: string;
  /** The authorization code from the first valid callback; rejects on ?error=, timeout or abort. */
  readonly authorizationCode: Promise<string>;
  /** Answers the browser tab that brought the code (held open until now), then stops the server. */
  finish(outcome: BrowserOutcome): void;
  /** Stops listening; a still-waiting sign-in is rejected as cancelled. */
  close(): void;
}

export function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const logger = options.logger ?? silentLogger;
  return new Promise<LoopbackServer>((resolveStart, rejectStart) => {
    let settled = false;
    let resolveCode!: (code: string) => void;
    let rejectCode!: (error: Error) => void;
    const authorizationCode = new Promise<string>((resolve, reject) => {
      resolveCode = resolve;
      rejectCode = reject;
    });
    // Whoever holds the server may never await the code (e.g. the preflight failed first).
    authorizationCode.catch(() => undefined);

    let heldResponse: http.ServerResponse | undefined;
    let timers: NodeJS.Timeout[] = [];
    let listening = false;
    let closed = false;

    const server = http.createServer((request, response) => {
      // Only a browser that asked for the loopback address by number gets an answer: a page on
      // another name that DNS points here (rebinding) carries its own name in Host.
      if (!isLoopbackHost(request.headers.host, (server.address() as AddressInfo | null)?.port)) {
        sendPage(response, 421, { ok: false, message: l10n.t('Not found.') });
        return;
      }
      const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`);
      if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
        sendPage(response, 404, { ok: false, message: l10n.t('Not found.') });
        return;
      }
      if (settled) {
        sendPage(response, 400, { ok: false, message: l10n.t('This sign-in has already finished. You can close this tab.') });
        return;
      }
      const outcome = readCallbackQuery(url.searchParams, options.expectedState);
      switch (outcome.kind) {
        case 'wrongState':
          logger.warn('Ignored a callback whose state does not belong to this sign-in.');
          sendPage(response, 400, {
            ok: false,
            message: l10n.t('This address does not belong to the sign-in VS Code is waiting for. Start the sign-in from VS Code again.'),
          });
          return;
        case 'incomplete':
          sendPage(response, 400, { ok: false, message: l10n.t('The redirect from Spotify carried neither a code nor an error.') });
          return;
        case 'error':
          settle();
          sendPage(response, 200, { ok: false, message: outcome.error.message });
          rejectCode(outcome.error);
          stop();
          return;
        case 'code':
          settle();
          // Held open so the tab can say how the sign-in ended (the token exchange comes next).
          heldResponse = response;
          timers.push(
            setTimeout(
              () => finish({ ok: true, message: l10n.t('VS Code received the sign-in. You can close this tab.') }),
              options.finishTimeoutMs ?? 30_000,
            ),
          );
          resolveCode(outcome.code);
          return;
      }
    });

    function settle(): void {
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    }

    function finish(outcome: BrowserOutcome): void {
      if (heldResponse && !heldResponse.headersSent) sendPage(heldResponse, 200, outcome);
      heldResponse = undefined;
      stop();
    }

    function stop(): void {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers = [];
      options.signal?.removeEventListener('abort', onAbort);
      if (heldResponse && !heldResponse.headersSent) {
        sendPage(heldResponse, 200, { ok: false, message: l10n.t('The sign-in was stopped in VS Code. You can close this tab.') });
      }
      heldResponse = undefined;
      server.close();
      // Browsers keep idle connections open; they would keep the port busy.
      server.closeIdleConnections();
      if (!settled) {
        settled = true;
        rejectCode(new SignInCancelledError());
      }
    }

    function onAbort(): void {
      logger.debug('Loopback server stopped: the sign-in was cancelled.');
      stop();
    }

    server.on('error', (error: NodeJS.ErrnoException) => {
      if (listening) {
        logger.error(`Loopback server failed: ${error.message}`);
        return;
      }
      closed = true;
      rejectStart(
        error.code === 'EADDRINUSE'
          ? signInErrors.portInUse(options.port)
          : signInErrors.cannotListen(options.port, error.code ?? error.message),
      );
    });

    server.listen(options.port, LOOPBACK_HOST, () => {
      listening = true;
      const port = (server.address() as AddressInfo).port;
      const redirectUri = `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`;
      if (options.signal?.aborted) {
        stop();
      } else {
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }
      if (options.timeoutMs !== undefined && !closed) {
        timers.push(
          setTimeout(() => {
            if (settled) return;
            settled = true;
            rejectCode(signInErrors.timedOut(options.redirectUriToRegister ?? redirectUri));
            stop();
          }, options.timeoutMs),
        );
      }
      logger.debug(`Loopback server listening on ${LOOPBACK_HOST}:${port}.`);
      resolveStart({ port, redirectUri, authorizationCode, finish, close: stop });
    });
  });
}

function sendPage(response: http.ServerResponse, status: number, outcome: BrowserOutcome): void {
  const title = outcome.ok ? l10n.t('Signed in to Spotify') : l10n.t('Spotify sign-in did not finish');
  const language = displayLocale() ?? 'en';
  const body = `<!DOCTYPE html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(outcome.message)}</p>
<p>${escapeHtml(l10n.t('You can close this tab and return to VS Code.'))}</p></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // The page carries nothing to run; nothing may load into it either.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  response.end(body);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `127.0.0.1:<port>` or `[::1]:<port>`, the addresses the redirect URI names; no host name. */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  return port !== undefined && (host === `${LOOPBACK_HOST}:${port}` || host === `[::1]:${port}`);
}
