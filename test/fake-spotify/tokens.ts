// The accounts service's memory: pending consents, one-use PKCE codes, access and refresh tokens,
// and a list of every secret ever issued so leak tests can search logs and storage for them.
import { createHash, randomBytes } from 'node:crypto';

export type RefreshMode = 'rotate' | 'omit' | 'invalid_grant';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export interface IssuedSecrets {
  accessTokens: string[];
  refreshTokens: string[];
  codes: string[];
}

export interface AuthRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  state: string | null;
}

export type GrantResult = { ok: true; body: TokenResponse } | { ok: false; error: string; description: string };
export type TokenCheck = { ok: true; scope: string } | { ok: false; status: 400 | 401; message: string };

export interface TokenPolicy {
  expiresIn: number;
  refreshMode: RefreshMode;
  registeredClientIds: string[];
}

const CODE_LIFETIME_MS = 10 * 60_000;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function secret(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class TokenStore {
  private readonly pending = new Map<string, AuthRequest & { expiresAt: number }>();
  private readonly codes = new Map<string, AuthRequest & { expiresAt: number; used: boolean }>();
  private readonly access = new Map<string, { expiresAt: number; scope: string; clientId: string }>();
  private readonly refresh = new Map<string, { clientId: string; scope: string }>();
  private readonly issued: IssuedSecrets = { accessTokens: [], refreshTokens: [], codes: [] };

  constructor(private readonly policy: () => TokenPolicy) {}

  isRegisteredClient(clientId: string | null): boolean {
    return !!clientId && this.policy().registeredClientIds.includes(clientId);
  }

  /** Parks an /authorize request while the consent page is shown; returns its id. */
  openRequest(request: AuthRequest): string {
    const id = secret('', 18);
    this.pending.set(id, { ...request, expiresAt: Date.now() + CODE_LIFETIME_MS });
    return id;
  }

  takeRequest(id: string): AuthRequest | undefined {
    const request = this.pending.get(id);
    this.pending.delete(id);
    return request && request.expiresAt > Date.now() ? request : undefined;
  }

  createCode(request: AuthRequest): string {
    const code = secret('AQ', 120);
    this.codes.set(code, { ...request, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false });
    this.issued.codes.push(code);
    return code;
  }

  /** Tokens without the browser dance, for tests that only need a signed-in client. */
  issue(clientId: string, scope: string): TokenResponse {
    const expiresIn = this.policy().expiresIn;
    const accessToken = secret('BQ', 150);
    const refreshToken = secret('AQ', 100);
    this.access.set(accessToken, { expiresAt: Date.now() + expiresIn * 1000, scope, clientId });
    this.refresh.set(refreshToken, { clientId, scope });
    this.issued.accessTokens.push(accessToken);
    this.issued.refreshTokens.push(refreshToken);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, refresh_token: refreshToken, scope };
  }

  authorizationCodeGrant(p: URLSearchParams): GrantResult {
    const fail = (error: string, description: string): GrantResult => ({ ok: false, error, description });
    const clientId = p.get('client_id');
    if (!this.isRegisteredClient(clientId)) return fail('invalid_client', 'Invalid client');
    const code = p.get('code');
    if (!code) return fail('invalid_request', 'code must be supplied');
    const record = this.codes.get(code);
    if (!record || record.used || record.clientId !== clientId) return fail('invalid_grant', 'Invalid authorization code');
    if (record.expiresAt <= Date.now()) return fail('invalid_grant', 'Authorization code expired');
    if (p.get('redirect_uri') !== record.redirectUri) return fail('invalid_grant', 'Invalid redirect URI');
    const verifier = p.get('code_verifier');
    if (!verifier) return fail('invalid_request', 'code_verifier required');
    if (!VERIFIER.test(verifier) || s256(verifier) !== record.codeChallenge) return fail('invalid_grant', 'code_verifier was incorrect');
    record.used = true;
    return { ok: true, body: this.issue(record.clientId, record.scope) };
  }

  refreshTokenGrant(p: URLSearchParams): GrantResult {
    const fail = (error: string, description: string): GrantResult => ({ ok: false, error, description });
    const clientId = p.get('client_id');
    if (!this.isRegisteredClient(clientId)) return fail('invalid_client', 'Invalid client');
    const token = p.get('refresh_token');
    if (!token) return fail('invalid_request', 'refresh_token must be supplied');
    const { refreshMode, expiresIn } = this.policy();
    if (refreshMode === 'invalid_grant') return fail('invalid_grant', 'Refresh token revoked');
    const record = this.refresh.get(token);
    if (!record || record.clientId !== clientId) return fail('invalid_grant', 'Invalid refresh token');
    const accessToken = secret('BQ', 150);
    this.access.set(accessToken, { expiresAt: Date.now() + expiresIn * 1000, scope: record.scope, clientId: record.clientId });
    this.issued.accessTokens.push(accessToken);
    let refreshToken: string | undefined;
    if (refreshMode === 'rotate') {
      refreshToken = secret('AQ', 100);
      this.refresh.delete(token);
      this.refresh.set(refreshToken, record);
      this.issued.refreshTokens.push(refreshToken);
    }
    // Spotify's key order; with 'omit' there is no refresh_token key at all and the old one stays valid.
    const body: TokenResponse = { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, ...(refreshToken ? { refresh_token: refreshToken } : {}), scope: record.scope };
    return { ok: true, body };
  }

  /** Checks an Authorization header the way the Web API does. */
  check(authorization: string | undefined): TokenCheck {
    if (!authorization || /^Bearer\s*$/i.test(authorization)) return { ok: false, status: 401, message: 'No token provided' };
    const match = /^Bearer (\S+)$/i.exec(authorization);
    if (!match) return { ok: false, status: 400, message: 'Only valid bearer authentication supported' };
    const record = this.access.get(match[1]);
    if (!record) return { ok: false, status: 401, message: 'Invalid access token' };
    if (record.expiresAt <= Date.now()) return { ok: false, status: 401, message: 'The access token expired' };
    return { ok: true, scope: record.scope };
  }

  /** The Client ID a bearer token was issued to (expired or not), for the per-app rate limit. */
  clientIdOf(authorization: string | undefined): string | undefined {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    return match ? this.access.get(match[1])?.clientId : undefined;
  }

  /** Every current access token expires now; returns how many. */
  expireAccessTokens(): number {
    const now = Date.now() - 1;
    for (const record of this.access.values()) record.expiresAt = Math.min(record.expiresAt, now);
    return this.access.size;
  }

  /** Forgets every token and code (they stay in the issued list). */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
    this.pending.clear();
  }

  secrets(): IssuedSecrets {
    return { accessTokens: [...this.issued.accessTokens], refreshTokens: [...this.issued.refreshTokens], codes: [...this.issued.codes] };
  }
}
