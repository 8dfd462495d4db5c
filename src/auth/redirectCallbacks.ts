/**
 * The sign-ins waiting for VS Code's URI handler: the redirect page forwards Spotify's answer to
 * `<scheme>://<extension id>/did-authenticate?nonce=…&code=…&state=…`, and only a nonce this window
 * issued and still waits for is taken, once. No vscode, so it is unit-tested in plain Node.
 */
import { SignInCancelledError } from './signInErrors';

export const REDIRECT_CALLBACK_PATH = '/did-authenticate';

export type CallbackDelivery = 'accepted' | 'unknownNonce' | 'notACallback';

export class RedirectCallbacks {
  readonly #waiting = new Map<string, (query: URLSearchParams) => void>();

  /**
   * Resolves with the callback's query when a URI with this nonce arrives; rejects with
   * SignInCancelledError when `signal` aborts (cancel, timeout, a newer sign-in).
   */
  waitFor(nonce: string, signal: AbortSignal): Promise<URLSearchParams> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new SignInCancelledError());
        return;
      }
      const onAbort = (): void => {
        this.#waiting.delete(nonce);
        reject(new SignInCancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(nonce, (query) => {
        signal.removeEventListener('abort', onAbort);
        resolve(query);
      });
    });
  }

  /** Hands a URI (its path and raw query) to the sign-in waiting for its nonce, if any. */
  deliver(path: string, rawQuery: string): CallbackDelivery {
    if (path !== REDIRECT_CALLBACK_PATH) return 'notACallback';
    const query = new URLSearchParams(rawQuery);
    const nonce = query.get('nonce');
    const take = nonce === null ? undefined : this.#waiting.get(nonce);
    if (!take || nonce === null) return 'unknownNonce';
    // One-shot: a second callback with the same nonce finds nobody waiting.
    this.#waiting.delete(nonce);
    take(query);
    return 'accepted';
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }
}
