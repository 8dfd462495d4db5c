import * as assert from 'node:assert/strict';
import { NetworkError, RateLimitedError } from '../../src/api/errors';
import {
  fetchSpotifyAccount,
  preflightAuthorizeUrl,
  requestToken,
  TokenEndpointError,
} from '../../src/auth/accountsClient';
import { startLoopbackServer } from '../../src/auth/loopbackServer';
import { createCodeVerifier, createPkcePair, createState } from '../../src/auth/pkce';
import { SignInError } from '../../src/auth/signInErrors';
import { buildAuthorizeUrl, redirectUriFor, SPOTIFY_SCOPES, tokenEndpointUrl } from '../../src/auth/spotifyOAuth';
import { silentLogger } from '../../src/common/logger';
import { FAKE_CLIENT_ID, FAKE_USER } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/server';

const fetchFunction = (url: string, init?: RequestInit) => fetch(url, init);

describe('auth: accounts requests against the fake Spotify', function () {
  this.timeout(20_000);
  let fake: FakeSpotify;

  before(async () => {
    fake = await startFakeSpotify({ liked: 5, playlists: 1 });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.state.reset({ revokeTokens: true }));

  function authorizeUrl(overrides: { clientId?: string; redirectUri?: string; state?: string; challenge?: string } = {}) {
    return buildAuthorizeUrl({
      accountsBaseUrl: fake.url,
      clientId: overrides.clientId ?? FAKE_CLIENT_ID,
      redirectUri: overrides.redirectUri ?? 'http://127.0.0.1:8888/callback',
      // RFC 7636 appendix B's challenge: any well-formed one will do for the preflight.
      codeChallenge: overrides.challenge ?? 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state: overrides.state ?? createState(),
      scopes: SPOTIFY_SCOPES,
    });
  }

  describe('authorize preflight', () => {
    it('passes a valid request', async () => {
      assert.equal(await preflightAuthorizeUrl(fetchFunction, authorizeUrl(), FAKE_CLIENT_ID, 'http://127.0.0.1/callback', silentLogger), undefined);
    });

    it('names an unknown Client ID', async () => {
      const clientId = 'ffffffffffffffffffffffffffffffff';
      const problem = await preflightAuthorizeUrl(fetchFunction, authorizeUrl({ clientId }), clientId, 'http://127.0.0.1/callback', silentLogger);
      assert.equal(problem?.reason, 'invalidClientId');
      assert.ok(problem?.message.includes(clientId));
    });

    it('names the exact redirect URI to register when the app lacks it', async () => {
      const problem = await preflightAuthorizeUrl(
        fetchFunction,
        authorizeUrl({ redirectUri: 'http://localhost:8888/callback' }),
        FAKE_CLIENT_ID,
        'http://127.0.0.1:8888/callback',
        silentLogger,
      );
      assert.equal(problem?.reason, 'redirectUriNotRegistered');
      assert.ok(problem?.message.includes('add exactly http://127.0.0.1:8888/callback'), problem?.message);
    });

    it('is skipped when the accounts service cannot be reached', async () => {
      const closed = await startLoopbackServer({ port: 0, expectedState: 'x' });
      const port = closed.port;
      closed.close();
      const url = buildAuthorizeUrl({
        accountsBaseUrl: `http://127.0.0.1:${port}`,
        clientId: FAKE_CLIENT_ID,
        redirectUri: redirectUriFor(0),
        codeChallenge: 'c',
        state: 's',
        scopes: SPOTIFY_SCOPES,
      });
      assert.equal(await preflightAuthorizeUrl(fetchFunction, url, FAKE_CLIENT_ID, redirectUriFor(0), silentLogger), undefined);
    });
  });

  describe('token endpoint', () => {
    it('parses {"error","error_description"} from a refused request', async () => {
      await assert.rejects(
        requestToken(fetchFunction, tokenEndpointUrl(fake.url), {
          grant_type: 'authorization_code',
          code: 'never-issued',
          redirect_uri: 'http://127.0.0.1:8888/callback',
          client_id: FAKE_CLIENT_ID,
          code_verifier: createCodeVerifier(),
        }),
        (error: unknown) => {
          assert.ok(error instanceof TokenEndpointError);
          assert.equal(error.status, 400);
          assert.equal(error.error, 'invalid_grant');
          assert.equal(error.description, 'Invalid authorization code');
          return true;
        },
      );
    });

    it('turns a 429 into RateLimitedError with the wait', async () => {
      fake.state.setFaults({ rateLimit: { retryAfterSeconds: 7, count: 1, pathPrefix: '/api/token' } });
      const before = Date.now();
      await assert.rejects(
        requestToken(fetchFunction, tokenEndpointUrl(fake.url), { grant_type: 'refresh_token', refresh_token: 'x', client_id: FAKE_CLIENT_ID }),
        (error: unknown) => {
          assert.ok(error instanceof RateLimitedError);
          assert.ok(error.retryAt >= before + 7000);
          return true;
        },
      );
    });

    it('turns a dropped connection into NetworkError', async () => {
      fake.state.setFaults({ dropConnection: { count: 1, pathPrefix: '/api/token' } });
      await assert.rejects(
        requestToken(fetchFunction, tokenEndpointUrl(fake.url), { grant_type: 'refresh_token', refresh_token: 'x', client_id: FAKE_CLIENT_ID }),
        NetworkError,
      );
    });
  });

  describe('GET /me after the token exchange', () => {
    it('labels the account with the display name', async () => {
      const issued = fake.state.issueTokens();
      assert.deepEqual(await fetchSpotifyAccount(fetchFunction, fake.apiUrl, issued.access_token), {
        id: FAKE_USER.id,
        label: FAKE_USER.display_name,
      });
    });

    it('explains a user missing from the allowlist', async () => {
      const issued = fake.state.issueTokens();
      fake.state.setFaults({ forbidden: 'userNotRegistered' });
      await assert.rejects(fetchSpotifyAccount(fetchFunction, fake.apiUrl, issued.access_token), (error: unknown) => {
        assert.ok(error instanceof SignInError);
        assert.equal(error.reason, 'userNotRegistered');
        assert.match(error.message, /allowlist/);
        return true;
      });
    });

    it('explains an app owner without Premium', async () => {
      const issued = fake.state.issueTokens();
      fake.state.setFaults({ forbidden: 'premiumRequired' });
      await assert.rejects(fetchSpotifyAccount(fetchFunction, fake.apiUrl, issued.access_token), (error: unknown) => {
        assert.ok(error instanceof SignInError);
        assert.equal(error.reason, 'premiumRequired');
        return true;
      });
    });
  });

  describe('the loopback sign-in, with fetch playing the browser', () => {
    /** What a browser does with the authorize URL: follow Spotify's redirect to the loopback server. */
    async function browserVisits(url: string): Promise<Response> {
      const consent = await fetch(url, { redirect: 'manual' });
      const location = consent.headers.get('location');
      assert.ok(location, `no redirect from /authorize (HTTP ${consent.status})`);
      return fetch(location);
    }

    it('gets a code, exchanges it with the verifier and learns the account', async () => {
      fake.state.configure({ autoApprove: true });
      const pkce = await createPkcePair();
      const state = createState();
      const server = await startLoopbackServer({ port: 0, expectedState: state });
      try {
        const url = buildAuthorizeUrl({
          accountsBaseUrl: fake.url,
          clientId: FAKE_CLIENT_ID,
          redirectUri: server.redirectUri,
          codeChallenge: pkce.challenge,
          state,
          scopes: SPOTIFY_SCOPES,
        });
        assert.equal(await preflightAuthorizeUrl(fetchFunction, url, FAKE_CLIENT_ID, redirectUriFor(0), silentLogger), undefined);
        const tab = browserVisits(url);
        const code = await server.authorizationCode;
        const grant = await requestToken(fetchFunction, tokenEndpointUrl(fake.url), {
          grant_type: 'authorization_code',
          code,
          redirect_uri: server.redirectUri,
          client_id: FAKE_CLIENT_ID,
          code_verifier: pkce.verifier,
        });
        assert.ok(grant.refreshToken);
        const account = await fetchSpotifyAccount(fetchFunction, fake.apiUrl, grant.accessToken);
        server.finish({ ok: true, message: `Signed in to Spotify as ${account.label}.` });
        assert.match(await (await tab).text(), /Signed in to Spotify as Fake Listener/);
      } finally {
        server.close();
      }
    });

    it('reports a decline from the consent page', async () => {
      fake.state.configure({ decline: true });
      const state = createState();
      const server = await startLoopbackServer({ port: 0, expectedState: state });
      try {
        const url = buildAuthorizeUrl({
          accountsBaseUrl: fake.url,
          clientId: FAKE_CLIENT_ID,
          redirectUri: server.redirectUri,
          codeChallenge: (await createPkcePair()).challenge,
          state,
          scopes: SPOTIFY_SCOPES,
        });
        const tab = await browserVisits(url);
        await assert.rejects(server.authorizationCode, (error: unknown) => error instanceof SignInError && error.reason === 'declined');
        assert.match(await tab.text(), /declined/);
      } finally {
        server.close();
      }
    });
  });
});
