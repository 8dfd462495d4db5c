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

export type { StoredSession };

export interface SessionStore {
  read(): Promise<StoredSession | undefined>;
  /** Replaces the stored session (same id) with refreshed tokens. */
  update(session: StoredSession): Promise<void>;
  remove(sessionId: string): Promise<void>;
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

export const SESSION_ENDED_MESSAGES = {
  invalidGrant: 'Your Spotify sign-in has ended: Spotify ends sign-ins after six months; sign in again.',
  invalidClient:
    'Your Spotify sign-in has ended: Spotify no longer accepts the Client ID it was made with. Check the Client ID and sign in again.',
  noRefreshToken: 'Your Spotify sign-in cannot be renewed; sign in again.',
};

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

  /** Whether a refresh request is on its way (for tests and diagnostics). */
  get isRefreshing(): boolean {
    return this.#refreshInFlight !== undefined;
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
    if (!session.refreshToken) return this.#endSession(session, SESSION_ENDED_MESSAGES.noRefreshToken, 'no refresh token');

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
        // Another window may have rotated the refresh token meanwhile: its store holds the new one.
        const latest = await this.#options.store.read();
        if (!isRetry && latest?.id === session.id && latest.refreshToken && latest.refreshToken !== session.refreshToken) {
          if (latest.accessToken !== session.accessToken && !this.#expiresSoon(latest)) return latest.accessToken;
          logger.info('The refresh token changed in another window; refreshing with that one.');
          return this.#refreshStoredSession(latest.accessToken, true);
        }
        const message =
          error.error === 'invalid_grant' ? SESSION_ENDED_MESSAGES.invalidGrant : SESSION_ENDED_MESSAGES.invalidClient;
        return this.#endSession(session, message, `${error.error}${error.description ? `: ${error.description}` : ''}`);
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
    await this.#options.store.update(refreshed);
    logger.info(
      `Access token refreshed, valid for ${grant.expiresInSeconds} s; refresh token ${grant.refreshToken ? 'rotated' : 'kept'}.`,
    );
    return refreshed.accessToken;
  }

  async #endSession(session: StoredSession, message: string, why: string): Promise<never> {
    this.#options.logger.warn(`Spotify refused to refresh the session (${why}); signing out.`);
    const error = new SessionExpiredError(message);
    await this.#options.store.remove(session.id);
    this.#options.onSessionEnded?.(error);
    throw error;
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
