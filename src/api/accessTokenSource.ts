/**
 * What the API client needs from sign-in, without knowing about VS Code. The auth layer implements
 * it (auth/tokenManager.ts); unit tests and the benchmark use small stand-ins.
 */
export interface AccessTokenSource {
  /**
   * A usable access token for the current session, refreshed first when it expires within a minute.
   * Rejects with NotSignedInError when there is no session.
   */
  getAccessToken(): Promise<string>;

  /**
   * The API answered 401 to `rejectedToken`. Refreshes once for every caller that waits (single
   * flight) and resolves with the new token; when another caller already refreshed, resolves with
   * that token at once. Rejects with SessionExpiredError when Spotify refuses the refresh token
   * (the session is then removed), and with NetworkError/ServerError when the refresh could not
   * be made (the session is kept).
   */
  refreshAfterRejection(rejectedToken: string): Promise<string>;
}
