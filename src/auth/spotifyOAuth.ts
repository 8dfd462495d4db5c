/**
 * The pure parts of Spotify's Authorization Code with PKCE: addresses, the authorize URL, reading
 * the redirect and the token endpoint's answers. No vscode, no I/O: unit-tested in plain Node.
 */
import { BadResponseError } from '../api/errors';
import { classifyCallbackError, SignInError } from './signInErrors';
import { l10n } from '../common/l10n';

export const SPOTIFY_SCOPES: readonly string[] = [
  'user-library-read',
  'playlist-read-private',
  'playlist-read-collaborative',
];

export const LOOPBACK_HOST = '127.0.0.1';
// No hyphen in the path: Spotify's redirect URI rules advise against it.
export const CALLBACK_PATH = '/callback';

/** `http://127.0.0.1/callback` for port 0 (Spotify then accepts any port), else with the port. */
export function redirectUriFor(port: number): string {
  return port > 0 ? `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}` : `http://${LOOPBACK_HOST}${CALLBACK_PATH}`;
}

/** A Spotify Client ID is 32 hexadecimal characters. */
export function isValidClientId(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value.trim());
}

/** The validation message for a Client ID input, or undefined when its shape is right. */
export function clientIdProblem(value: string): string | undefined {
  const text = value.trim();
  if (!text) return l10n.t('Paste the Client ID (32 hexadecimal characters).');
  if (isValidClientId(text)) return undefined;
  if (/[^0-9a-f]/i.test(text)) return 'A Client ID has only the characters 0-9 and a-f.';
  return l10n.t('A Client ID is 32 hexadecimal characters; this has {0}.', text.length);
}

export interface AuthorizeRequest {
  accountsBaseUrl: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  scopes: readonly string[];
}

/**
 * Encoded with encodeURIComponent (spaces as %20, never '+'): vscode.Uri re-encodes a '+' to %2B
 * on the way to openExternal, which would turn the scope list into one unknown scope.
 */
export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const params: [string, string][] = [
    ['client_id', request.clientId],
    ['response_type', 'code'],
    ['redirect_uri', request.redirectUri],
    ['code_challenge_method', 'S256'],
    ['code_challenge', request.codeChallenge],
    ['state', request.state],
    ['scope', request.scopes.join(' ')],
  ];
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${stripTrailingSlash(request.accountsBaseUrl)}/authorize?${query}`;
}

export function tokenEndpointUrl(accountsBaseUrl: string): string {
  return `${stripTrailingSlash(accountsBaseUrl)}/api/token`;
}

/** The union of the scopes asked for and the ones the extension needs, sorted (a stable key). */
export function scopesForRequest(requested: readonly string[] | undefined): string[] {
  return [...new Set([...SPOTIFY_SCOPES, ...(requested ?? [])])].sort();
}

/** Whether a session granted `granted` can serve a request for `requested`. */
export function scopesCover(granted: readonly string[], requested: readonly string[] | undefined): boolean {
  return (requested ?? []).every((scope) => granted.includes(scope));
}

// ---- The redirect back from Spotify -------------------------------------------------------------

export type CallbackOutcome =
  | { kind: 'code'; code: string }
  | { kind: 'error'; error: SignInError }
  /** Not this sign-in's redirect (missing or other state): ignore it, keep waiting. */
  | { kind: 'wrongState' }
  | { kind: 'incomplete' };

/** Reads `?code&state` or `?error&state` from the redirect's query. */
export function readCallbackQuery(query: URLSearchParams, expectedState: string): CallbackOutcome {
  if (query.get('state') !== expectedState) return { kind: 'wrongState' };
  const error = query.get('error');
  if (error) return { kind: 'error', error: classifyCallbackError(error, query.get('error_description') ?? undefined) };
  const code = query.get('code');
  if (code) return { kind: 'code', code };
  return { kind: 'incomplete' };
}

export type PastedAddress =
  | { kind: 'code'; code: string }
  | { kind: 'error'; error: SignInError }
  /** The text cannot be used; `problem` says why, for the input box's validation message. */
  | { kind: 'invalid'; problem: string };

/** Reads the address the user copied from the browser after approving (paste flow). */
export function parsePastedRedirectAddress(input: string, expectedState: string): PastedAddress {
  const text = input.trim();
  if (!text) return { kind: 'invalid', problem: l10n.t('Paste the whole address from the browser’s address bar.') };
  const url = parseLenientUrl(text);
  if (!url) {
    return {
      kind: 'invalid',
      problem: l10n.t('That is not an address. It starts with {0} (http://{0}…/callback?code=…).', LOOPBACK_HOST),
    };
  }
  const outcome = readCallbackQuery(url.searchParams, expectedState);
  switch (outcome.kind) {
    case 'code':
    case 'error':
      return outcome;
    case 'wrongState':
      return {
        kind: 'invalid',
        problem: url.searchParams.has('state')
          ? l10n.t('This address belongs to an older sign-in (its state does not match). Use the address from the browser tab this sign-in opened.')
          : l10n.t('This address has no state=… part. Copy the whole address, including everything after “?”.'),
      };
    case 'incomplete':
      return { kind: 'invalid', problem: l10n.t('This address has no code=… part. Copy the whole address, including everything after “?”.') };
  }
}

function parseLenientUrl(text: string): URL | undefined {
  // People copy the address with or without the scheme, depending on the browser.
  const candidates = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? [text] : [`http://${text}`];
  for (const candidate of candidates) {
    try {
      return new URL(candidate);
    } catch {
      // fall through
    }
  }
  return undefined;
}

// ---- The token endpoint -------------------------------------------------------------------------

export interface TokenGrant {
  accessToken: string;
  /** Seconds from the response's arrival. */
  expiresInSeconds: number;
  /** Absent when Spotify keeps the previous refresh token (common since July 2026). */
  refreshToken?: string;
  /** Absent when the response does not list them. */
  scopes?: string[];
}

/** Parses a 200 from `POST /api/token`; throws BadResponseError when it is not a token. */
export function parseTokenResponse(json: unknown): TokenGrant {
  if (!isRecord(json)) throw new BadResponseError(l10n.t('Spotify’s token endpoint sent something that is not a token.'));
  const accessToken = json['access_token'];
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new BadResponseError(l10n.t('Spotify’s token endpoint sent no access token.'));
  }
  const tokenType = json['token_type'];
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw new BadResponseError(l10n.t('Spotify’s token endpoint sent an unknown token type ({0}).', tokenType.slice(0, 20)));
  }
  const expiresIn = Number(json['expires_in']);
  const refreshToken = json['refresh_token'];
  const scope = json['scope'];
  return {
    accessToken,
    // Spotify documents 3600; a missing or odd value is treated as that.
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    refreshToken: typeof refreshToken === 'string' && refreshToken ? refreshToken : undefined,
    scopes: typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean).sort() : undefined,
  };
}

export interface TokenEndpointErrorBody {
  error: string;
  description?: string;
}

/** Reads `{"error","error_description"}` from a failed token request; undefined when it is not that. */
export function parseTokenErrorBody(text: string): TokenEndpointErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || typeof json['error'] !== 'string') return undefined;
  const description = json['error_description'];
  return { error: json['error'], description: typeof description === 'string' ? description : undefined };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
