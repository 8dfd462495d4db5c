// A real access token from the fake, the way any public client gets one: Authorization Code with
// PKCE. GET /authorize (the fake auto-approves), read the code from the redirect's Location, then
// POST /api/token. No back door into the fake's token store.
import { createHash, randomBytes } from 'node:crypto';
import type { AccessTokenSource } from '../src/api/accessTokenSource';

export interface BenchToken {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

const SCOPES = 'user-library-read playlist-read-private playlist-read-collaborative user-follow-read user-read-playback-position';
/** What the playlist-save case adds: writes to the user's playlists ("Big 5000" is public). */
export const PLAYLIST_WRITE_SCOPES = `${SCOPES} playlist-modify-public playlist-modify-private`;
/** Nobody listens here: the redirect is read from the Location header, not followed. */
const REDIRECT_URI = 'http://127.0.0.1:8765/callback';

export async function signInWithPkce(accountsUrl: string, clientId: string, scope: string = SCOPES): Promise<BenchToken> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL('/authorize', accountsUrl);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
    scope,
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`/authorize answered ${consent.status} without a redirect (is autoApprove on?)`);
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error('/authorize redirect carries the wrong state');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`/authorize redirect has no code: ${back.searchParams.get('error') ?? 'unknown error'}`);
  return tokenRequest(accountsUrl, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: clientId, code_verifier: verifier });
}

async function tokenRequest(accountsUrl: string, form: Record<string, string>): Promise<BenchToken> {
  const response = await fetch(new URL('/api/token', accountsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await response.json()) as Partial<BenchToken> & { error?: string };
  if (!response.ok || typeof body.access_token !== 'string') throw new Error(`/api/token: ${response.status} ${body.error ?? ''}`);
  return body as BenchToken;
}

/** The extension's AccessTokenSource over the token above; refreshes at the fake's token endpoint on a 401. */
export class BenchTokenSource implements AccessTokenSource {
  private refreshing: Promise<string> | undefined;

  constructor(
    private token: BenchToken,
    private readonly accountsUrl: string,
    private readonly clientId: string,
  ) {}

  async getAccessToken(): Promise<string> {
    return this.token.access_token;
  }

  refreshAfterRejection(rejectedToken: string): Promise<string> {
    if (rejectedToken !== this.token.access_token) return Promise.resolve(this.token.access_token);
    this.refreshing ??= (async () => {
      try {
        const refreshToken = this.token.refresh_token;
        if (!refreshToken) throw new Error('no refresh token');
        const next = await tokenRequest(this.accountsUrl, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId });
        this.token = { ...next, refresh_token: next.refresh_token ?? refreshToken };
        return this.token.access_token;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
