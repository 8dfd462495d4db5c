import { createHash, randomBytes } from 'node:crypto';
import type { RequestBudget } from '../../../src/common/requestBudget';
import { SpotifyClient } from '../../../src/api/spotifyClient';
import { silentLogger } from '../../../src/common/logger';
import type { StoredSession } from '../../../src/auth/storedSession';
import { type SessionStore, TokenManager } from '../../../src/auth/tokenManager';
import { LibraryApi } from '../../../src/library/libraryApi';
import { FAKE_CLIENT_ID, FAKE_SCOPES } from '../../fake-spotify/fixtures';

/** Signs in to the fake the way the extension does (PKCE over HTTP), with no shortcut into its state. */
export async function signInToFake(fakeUrl: string): Promise<StoredSession> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:1/callback';
  await control(fakeUrl, '/__fake/config', { autoApprove: true });
  const authorize = new URL('/authorize', fakeUrl);
  authorize.search = new URLSearchParams({
    client_id: FAKE_CLIENT_ID, response_type: 'code', redirect_uri: redirectUri,
    code_challenge_method: 'S256', code_challenge: challenge, state: 'state-1', scope: FAKE_SCOPES.join(' '),
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`the fake did not redirect with a code (HTTP ${consent.status})`);
  const response = await fetch(new URL('/api/token', fakeUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: FAKE_CLIENT_ID, code_verifier: verifier }),
  });
  const token = (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return {
    id: 'session-1', account: { id: 'fakeuser', label: 'Fake Listener' }, scopes: FAKE_SCOPES,
    accessToken: token.access_token, refreshToken: token.refresh_token, expiresAt: Date.now() + token.expires_in * 1000, clientId: FAKE_CLIENT_ID,
  };
}

export async function control(fakeUrl: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(path, fakeUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export class MemorySessionStore implements SessionStore {
  removals = 0;
  constructor(public session: StoredSession | undefined) {}
  async read() {
    return this.session;
  }
  async update(session: StoredSession) {
    this.session = session;
  }
  async removeIfUnchanged() {
    this.removals++;
    this.session = undefined;
    return undefined;
  }
}

/** The extension's API stack (token manager, client, library API) wired to the fake. */
export function apiStack(fakeUrl: string, store: MemorySessionStore, options: { requestTimeoutMs?: number; onSessionEnded?: () => void; budget?: RequestBudget; fetch?: typeof fetch; now?: () => number } = {}) {
  const tokens = new TokenManager({
    store,
    fetch: (url, init) => fetch(url, init),
    tokenUrl: () => `${fakeUrl}/api/token`,
    logger: silentLogger,
    onSessionEnded: options.onSessionEnded,
  });
  const client = new SpotifyClient({
    baseUrl: () => `${fakeUrl}/v1`,
    tokens,
    logger: silentLogger,
    backoffBaseMs: 10,
    requestTimeoutMs: options.requestTimeoutMs,
    budget: options.budget,
    fetch: options.fetch,
    now: options.now,
  });
  const api = new LibraryApi(client, () => ({ market: 'from_token' }));
  return { tokens, client, api };
}
