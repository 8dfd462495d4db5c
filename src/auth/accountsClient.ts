/**
 * The few requests sign-in makes: the token endpoint, `GET /me` for the account's name, and the
 * authorize-URL preflight. Node-only with an injected fetch, so unit tests can point it anywhere.
 */
import { BadResponseError, NetworkError, RateLimitedError, ServerError } from '../api/errors';
import type { Logger } from '../common/logger';
import { classifyAuthorizePreflight, classifyProfileForbidden, SignInError, signInErrors } from './signInErrors';
import { parseTokenErrorBody, parseTokenResponse, type TokenGrant } from './spotifyOAuth';
import { l10n } from '../common/l10n';

export type FetchFunction = (url: string, init?: RequestInit) => Promise<Response>;

const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
const PREFLIGHT_TIMEOUT_MS = 5_000;

/** The token endpoint refused the request: `{"error","error_description"}` with a 4xx. */
export class TokenEndpointError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(`Spotify's token endpoint answered ${status} ${error}${description ? `: ${description}` : ''}`);
    this.name = 'TokenEndpointError';
  }
}

/**
 * POSTs a form to `/api/token`. Resolves with the grant; rejects with TokenEndpointError (4xx),
 * RateLimitedError (429), ServerError (5xx), NetworkError (no answer) or BadResponseError.
 */
export async function requestToken(
  fetchFunction: FetchFunction,
  tokenUrl: string,
  form: Record<string, string>,
): Promise<TokenGrant> {
  let response: Response;
  try {
    response = await fetchFunction(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkError(l10n.t("Could not reach Spotify's accounts service ({0}): {1}.", hostOf(tokenUrl), describe(error)), error);
  }
  const text = await readText(response, tokenUrl);
  if (response.ok) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BadResponseError(l10n.t('Spotify’s token endpoint sent something that is not JSON.'), response.status);
    }
    return parseTokenResponse(json);
  }
  if (response.status === 429) {
    const retryAfterSeconds = Number(response.headers.get('retry-after'));
    const waitSeconds = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 30;
    throw new RateLimitedError(
      Date.now() + waitSeconds * 1000,
      false,
      l10n.t("Spotify's accounts service asks to wait {0} s before the next sign-in request.", Math.round(waitSeconds)),
    );
  }
  if (response.status >= 500) {
    throw new ServerError(response.status, l10n.t("Spotify's accounts service answered {0}. Try again in a moment.", response.status));
  }
  const body = parseTokenErrorBody(text);
  throw new TokenEndpointError(response.status, body?.error ?? `http_${response.status}`, body?.description);
}

export interface SpotifyAccount {
  id: string;
  /** The display name, or the user id when there is none. */
  label: string;
}

/** `GET {apiBaseUrl}/me`, the account a fresh token belongs to. Rejects with SignInError or NetworkError. */
export async function fetchSpotifyAccount(
  fetchFunction: FetchFunction,
  apiBaseUrl: string,
  accessToken: string,
): Promise<SpotifyAccount> {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/me`;
  let response: Response;
  try {
    response = await fetchFunction(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw signInErrors.network(hostOf(url), describe(error));
  }
  const text = await readText(response, url);
  if (response.status === 403) throw classifyProfileForbidden(text);
  if (!response.ok) throw signInErrors.profileFailed(`${response.status} ${response.statusText}`.trim());
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch {
    throw signInErrors.profileFailed('the answer was not JSON');
  }
  const record = (typeof profile === 'object' && profile !== null ? profile : {}) as Record<string, unknown>;
  const id = record['id'];
  const displayName = record['display_name'];
  if (typeof id !== 'string' || !id) throw signInErrors.profileFailed('it had no user id');
  return { id, label: typeof displayName === 'string' && displayName.trim() ? displayName.trim() : id };
}

/**
 * Fetches the authorize URL without following redirects, before the browser opens: Spotify
 * answers 400 at once for an unknown Client ID or an unregistered redirect URI, which the user
 * would otherwise only see in the browser. A failure to connect skips the check.
 */
export async function preflightAuthorizeUrl(
  fetchFunction: FetchFunction,
  authorizeUrl: string,
  clientId: string,
  redirectUriToRegister: string,
  logger: Logger,
): Promise<SignInError | undefined> {
  try {
    const response = await fetchFunction(authorizeUrl, {
      redirect: 'manual',
      signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    });
    const body = response.status === 400 ? await response.text() : '';
    if (response.status !== 400) await response.body?.cancel();
    const problem = classifyAuthorizePreflight(response.status, body, clientId, redirectUriToRegister);
    logger.debug(`Authorize preflight answered ${response.status}${problem ? ` (${problem.reason})` : ''}.`);
    return problem;
  } catch (error) {
    logger.debug(`Authorize preflight skipped: ${describe(error)}.`);
    return undefined;
  }
}

async function readText(response: Response, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new NetworkError(l10n.t('The connection to {0} broke off: {1}.', hostOf(url), describe(error)), error);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A short reason without the request (which may carry a code or token in its body). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
