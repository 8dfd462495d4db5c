/**
 * Keeps the stored session's access token usable: refreshes it shortly before expiry and after a
 * 401, one refresh at a time however many callers wait. Node-only (fetch, clock and store are
 * injected) so the single flight and Spotify's refresh answers are unit-tested in plain Node.
 */
import type { AccessTokenSource } from '../api/accessTokenSource';
import { NotSignedInError, SessionExpiredError } from '../api/errors';
import type { Logger } from '../common/logger';
import { requestToken, TokenEndpointError, type FetchFunction } from './accountsClient';
import type { StoredSession } from './storedSession';
import { l10n } from '../common/l10n';

export type { StoredSession };

export interface SessionStore {
  /** The session as this window knows it. */
  read(): Promise<StoredSession | undefined>;
  /** Replaces the stored session (same id) with refreshed tokens; keeps them in memory when saving fails, and rejects. */
  update(session: StoredSession): Promise<void>;
  /**
   * Compare-and-delete, reading the shared store itself: removes the session only while it still
   * holds `failed`'s refresh token; otherwise resolves with what is stored (another window's).
   */
  removeIfUnchanged(failed: StoredSession): Promise<StoredSession | undefined>;
}

export interface TokenManagerOptions {
  store: SessionStore;
  fetch: FetchFunction;
  /** Read at each refresh, so a changed accountsBaseUrl setting applies. */
  tokenUrl: () => string;
  logger: Logger;
  now?: () => number;
  /** Called once, after the session was removed, when Spotify refuses to refresh it. */
  onSessionEnded?: (error: SessionExpiredError) => void;
}

/** Refresh when the token has less than this left, so a request never leaves with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

/** Getters: worded when read, so the words follow the translator activate() installs. */
export const SESSION_ENDED_MESSAGES = {
  get invalidGrant(): string {
    return l10n.t('Your Spotify sign-in has ended: Spotify ends sign-ins after six months; sign in again.');
  },
  get invalidClient(): string {
    return l10n.t('Your Spotify sign-in has ended: Spotify no longer accepts the Client ID it was made with. Check the Client ID and sign in again.');
  },
  get noRefreshToken(): string {
    return l10n.t('Your Spotify sign-in cannot be renewed; sign in again.');
  },
};

/** How long a refused refresh waits for another window's save of a rotated refresh token before it signs out. */
const ANOTHER_WINDOW_WRITE_MS = 2_000;

export class TokenManager implements AccessTokenSource {
  #refreshInFlight: Promise<string> | undefined;

  readonly #now: () => number;
  readonly #options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async getAccessToken(): Promise<string> {
    if (this.#refreshInFlight) return this.#refreshInFlight;
    const session = await this.#requireSession();
    if (!this.#expiresSoon(session)) return session.accessToken;
    return this.#refresh(session.accessToken);
  }

  async refreshAfterRejection(rejectedToken: string): Promise<string> {
    if (this.#refreshInFlight) return this.#refreshInFlight;
    const session = await this.#requireSession();
    // Another caller already replaced the rejected token.
    if (session.accessToken !== rejectedToken) return session.accessToken;
    return this.#refresh(rejectedToken);
  }

  #refresh(staleToken: string): Promise<string> {
    if (!this.#refreshInFlight) {
      const flight = this.#refreshStoredSession(staleToken, false);
      this.#refreshInFlight = flight;
      const clear = () => {
        if (this.#refreshInFlight === flight) this.#refreshInFlight = undefined;
      };
      flight.then(clear, clear);
    }
    return this.#refreshInFlight;
  }

  async #refreshStoredSession(staleToken: string, isRetry: boolean): Promise<string> {
    const session = await this.#requireSession();
    // A caller that read the session before the previous refresh finished lands here: nothing to do.
    if (session.accessToken !== staleToken && !this.#expiresSoon(session)) return session.accessToken;
    if (!session.refreshToken) return this.#endSession(session, SESSION_ENDED_MESSAGES.noRefreshToken, 'no refresh token', isRetry);

    const logger = this.#options.logger;
    logger.info(`Refreshing the access token (${Math.round((session.expiresAt - this.#now()) / 1000)} s left).`);
    let grant;
    try {
      grant = await requestToken(this.#options.fetch, this.#options.tokenUrl(), {
        grant_type: 'refresh_token',
        refresh_token: session.refreshToken,
        client_id: session.clientId,
      });
    } catch (error) {
      if (error instanceof TokenEndpointError && (error.error === 'invalid_grant' || error.error === 'invalid_client')) {
        const message =
          error.error === 'invalid_grant' ? SESSION_ENDED_MESSAGES.invalidGrant : SESSION_ENDED_MESSAGES.invalidClient;
        return this.#endSession(session, message, `${error.error}${error.description ? `: ${error.description}` : ''}`, isRetry);
      }
      // Offline, 5xx, 429, or an answer we could not read: the session stays; the caller may retry.
      logger.warn(`Refreshing the access token failed; the session is kept. ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }

    const current = await this.#options.store.read();
    if (!current || current.id !== session.id) {
      logger.info('Signed out while the access token was refreshing; the new token is dropped.');
      throw new NotSignedInError();
    }
    const refreshed: StoredSession = {
      ...current,
      accessToken: grant.accessToken,
      // Since July 2026 Spotify often omits refresh_token: the old one stays valid then.
      refreshToken: grant.refreshToken ?? current.refreshToken,
      expiresAt: this.#now() + grant.expiresInSeconds * 1000,
      scopes: grant.scopes ?? current.scopes,
    };
    try {
      await this.#options.store.update(refreshed);
    } catch (error) {
      // Spotify may have retired the old refresh token: this window keeps the new one and saves it next time.
      logger.warn(`The refreshed session could not be saved; this window keeps using it. ${error instanceof Error ? error.message : String(error)}`);
    }
    logger.info(
      `Access token refreshed, valid for ${grant.expiresInSeconds} s; refresh token ${grant.refreshToken ? 'rotated' : 'kept'}.`,
    );
    return refreshed.accessToken;
  }

  /** Ends `session`, unless another window replaced it meanwhile: then goes on with that one. */
  async #endSession(session: StoredSession, message: string, why: string, isRetry: boolean): Promise<string> {
    // Another window may have just rotated the refresh token and still be saving it (a keychain
    // write can take a while): nothing is decided before it lands or the wait is over.
    if (!isRetry) await this.#replacementOf(session);
    const latest = await this.#options.store.removeIfUnchanged(session);
    if (latest) {
      if (latest.accessToken !== session.accessToken && !this.#expiresSoon(latest)) return latest.accessToken;
      // Once only: a second refusal with another window's tokens is that window's to end.
      if (!isRetry) {
        this.#options.logger.info('The session changed in another window; refreshing with its refresh token.');
        return this.#refreshStoredSession(latest.accessToken, true);
      }
      return latest.accessToken;
    }
    this.#options.logger.warn(`Spotify refused to refresh the session (${why}); signing out.`);
    const error = new SessionExpiredError(message);
    this.#options.onSessionEnded?.(error);
    throw error;
  }

  /** Waits until the stored session is no longer `session`, for at most ANOTHER_WINDOW_WRITE_MS. */
  async #replacementOf(session: StoredSession): Promise<void> {
    const deadline = Date.now() + ANOTHER_WINDOW_WRITE_MS;
    while (Date.now() < deadline) {
      const stored = await this.#options.store.read();
      if (!stored || stored.id !== session.id || stored.refreshToken !== session.refreshToken) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async #requireSession(): Promise<StoredSession> {
    const session = await this.#options.store.read();
    if (!session) throw new NotSignedInError();
    return session;
  }

  #expiresSoon(session: StoredSession): boolean {
    return session.expiresAt - this.#now() <= REFRESH_MARGIN_MS;
  }
}
