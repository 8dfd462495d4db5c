import * as assert from 'node:assert/strict';
import { BadResponseError } from '../../src/api/errors';
import { base64Url, codeChallengeFor, createCodeVerifier, createPkcePair, createState } from '../../src/auth/pkce';
import {
  classifyAuthorizePreflight,
  classifyCallbackError,
  classifyProfileForbidden,
  SignInError,
} from '../../src/auth/signInErrors';
import {
  buildAuthorizeUrl,
  clientIdProblem,
  isValidClientId,
  parsePastedRedirectAddress,
  parseTokenErrorBody,
  parseTokenResponse,
  readCallbackQuery,
  redirectUriFor,
  scopesCover,
  scopesForRequest,
  SPOTIFY_SCOPES,
  tokenEndpointUrl,
} from '../../src/auth/spotifyOAuth';
import { parseStoredSession, serializeStoredSession, type StoredSession } from '../../src/auth/storedSession';

describe('auth: PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    // The appendix's 32 octets, base64url-encoded, are the verifier (…FWFOEjXk; a "…Fv4BYQ" copy
    // circulating in notes is a typo and hashes to something else).
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
      88, 5, 88, 83, 132, 141, 121,
    ];
    const verifier = Buffer.from(octets).toString('base64url');
    assert.equal(verifier, 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    assert.equal(await codeChallengeFor(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character base64url verifiers, different every time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => createCodeVerifier()));
    assert.equal(verifiers.size, 50);
    for (const verifier of verifiers) assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
  });

  it('pairs a verifier with its own challenge', async () => {
    const pair = await createPkcePair();
    assert.equal(pair.challenge, await codeChallengeFor(pair.verifier));
    assert.notEqual(pair.challenge, pair.verifier);
  });

  it('encodes base64url without padding, as Buffer does (the web build has no Buffer)', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 97 + length * 31) % 256);
      assert.equal(base64Url(bytes), Buffer.from(bytes).toString('base64url'));
    }
  });

  it('makes unguessable states', () => {
    const a = createState();
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a, createState());
  });
});

describe('auth: addresses and the authorize URL', () => {
  it('registers the port-less redirect URI for port 0, else the one with the port', () => {
    assert.equal(redirectUriFor(0), 'http://127.0.0.1/callback');
    assert.equal(redirectUriFor(8888), 'http://127.0.0.1:8888/callback');
  });

  it('builds the authorize URL with every parameter, spaces as %20 and never "+"', () => {
    const url = buildAuthorizeUrl({
      accountsBaseUrl: 'https://accounts.spotify.com/',
      clientId: '0123456789abcdef0123456789abcdef',
      redirectUri: 'http://127.0.0.1:54321/callback',
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state: 'st-ate_1',
      scopes: SPOTIFY_SCOPES,
    });
    assert.ok(url.startsWith('https://accounts.spotify.com/authorize?'), url);
    assert.ok(!url.includes('+'), 'a "+" would become %2B on the way through vscode.Uri');
    assert.ok(url.includes('scope=user-library-read%20playlist-read-private%20playlist-read-collaborative'));
    const query = new URL(url).searchParams;
    assert.deepEqual(Object.fromEntries(query), {
      client_id: '0123456789abcdef0123456789abcdef',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:54321/callback',
      code_challenge_method: 'S256',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state: 'st-ate_1',
      scope: 'user-library-read playlist-read-private playlist-read-collaborative',
    });
    assert.equal(tokenEndpointUrl('http://127.0.0.1:9/'), 'http://127.0.0.1:9/api/token');
  });

  it('always asks for the extension’s scopes and matches sessions by scope', () => {
    assert.deepEqual(scopesForRequest(undefined), [...SPOTIFY_SCOPES].sort());
    assert.deepEqual(scopesForRequest(['user-library-read', 'user-top-read']), [...SPOTIFY_SCOPES, 'user-top-read'].sort());
    assert.ok(scopesCover(SPOTIFY_SCOPES, ['playlist-read-private']));
    assert.ok(scopesCover(SPOTIFY_SCOPES, undefined));
    assert.ok(!scopesCover(SPOTIFY_SCOPES, ['user-top-read']));
  });

  it('accepts only 32-hex Client IDs and says what is wrong with the rest', () => {
    assert.ok(isValidClientId('0123456789abcdef0123456789ABCDEF'));
    assert.ok(isValidClientId('  0123456789abcdef0123456789abcdef '));
    assert.ok(!isValidClientId(''));
    assert.ok(!isValidClientId('0123456789abcdef0123456789abcde'));
    assert.equal(clientIdProblem('0123456789abcdef0123456789abcdef'), undefined);
    assert.match(clientIdProblem('abc') ?? '', /32 hexadecimal characters; this has 3/);
    assert.match(clientIdProblem('My Spotify App') ?? '', /only the characters 0-9 and a-f/);
    assert.match(clientIdProblem('  ') ?? '', /Paste the Client ID/);
  });
});

describe('auth: the redirect back from Spotify', () => {
  const state = 'expected-state';

  it('reads a code, an error, another state and an incomplete query', () => {
    assert.deepEqual(readCallbackQuery(new URLSearchParams({ code: 'c1', state }), state), { kind: 'code', code: 'c1' });
    const declined = readCallbackQuery(new URLSearchParams({ error: 'access_denied', state }), state);
    assert.equal(declined.kind, 'error');
    assert.equal(declined.kind === 'error' && declined.error.reason, 'declined');
    assert.deepEqual(readCallbackQuery(new URLSearchParams({ code: 'c1', state: 'other' }), state), { kind: 'wrongState' });
    assert.deepEqual(readCallbackQuery(new URLSearchParams({ code: 'c1' }), state), { kind: 'wrongState' });
    assert.deepEqual(readCallbackQuery(new URLSearchParams({ state }), state), { kind: 'incomplete' });
  });

  it('reads a pasted address with or without the scheme', () => {
    assert.deepEqual(parsePastedRedirectAddress(`http://127.0.0.1/callback?code=abc&state=${state}`, state), {
      kind: 'code',
      code: 'abc',
    });
    assert.deepEqual(parsePastedRedirectAddress(`  127.0.0.1:8888/callback?code=xyz&state=${state}\n`, state), {
      kind: 'code',
      code: 'xyz',
    });
  });

  it('explains pasted addresses it cannot use', () => {
    const stale = parsePastedRedirectAddress('http://127.0.0.1/callback?code=abc&state=old', state);
    assert.equal(stale.kind, 'invalid');
    assert.match(stale.kind === 'invalid' ? stale.problem : '', /older sign-in/);
    const noState = parsePastedRedirectAddress('http://127.0.0.1/callback?code=abc', state);
    assert.match(noState.kind === 'invalid' ? noState.problem : '', /no state=/);
    const noCode = parsePastedRedirectAddress(`http://127.0.0.1/callback?state=${state}`, state);
    assert.match(noCode.kind === 'invalid' ? noCode.problem : '', /no code=/);
    assert.equal(parsePastedRedirectAddress('', state).kind, 'invalid');
    const declined = parsePastedRedirectAddress(`http://127.0.0.1/callback?error=access_denied&state=${state}`, state);
    assert.equal(declined.kind === 'error' && declined.error.reason, 'declined');
  });
});

describe('auth: token endpoint answers', () => {
  it('parses a full token response', () => {
    assert.deepEqual(
      parseTokenResponse({
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt',
        scope: 'playlist-read-private user-library-read',
      }),
      { accessToken: 'at', expiresInSeconds: 3600, refreshToken: 'rt', scopes: ['playlist-read-private', 'user-library-read'] },
    );
  });

  it('leaves refreshToken undefined when Spotify omits it, and defaults an odd expires_in', () => {
    const grant = parseTokenResponse({ access_token: 'at', token_type: 'Bearer', expires_in: 'soon' });
    assert.equal(grant.refreshToken, undefined);
    assert.equal(grant.expiresInSeconds, 3600);
    assert.equal(grant.scopes, undefined);
  });

  it('rejects answers that are not tokens', () => {
    assert.throws(() => parseTokenResponse({ token_type: 'Bearer' }), BadResponseError);
    assert.throws(() => parseTokenResponse('at'), BadResponseError);
    assert.throws(() => parseTokenResponse({ access_token: 'at', token_type: 'MAC' }), BadResponseError);
  });

  it('parses {"error","error_description"} bodies', () => {
    assert.deepEqual(parseTokenErrorBody('{"error":"invalid_grant","error_description":"Refresh token revoked"}'), {
      error: 'invalid_grant',
      description: 'Refresh token revoked',
    });
    assert.deepEqual(parseTokenErrorBody('{"error":"invalid_client"}'), { error: 'invalid_client', description: undefined });
    assert.equal(parseTokenErrorBody('<html>bad gateway</html>'), undefined);
    assert.equal(parseTokenErrorBody('{"error":{"status":400}}'), undefined);
  });
});

describe('auth: failure classification', () => {
  const clientId = '0123456789abcdef0123456789abcdef';

  it('tells an unregistered redirect URI from an unknown Client ID in the preflight', () => {
    const redirect = classifyAuthorizePreflight(400, '<p>INVALID_CLIENT: Invalid redirect URI</p>', clientId, 'http://127.0.0.1/callback');
    assert.ok(redirect instanceof SignInError);
    assert.equal(redirect.reason, 'redirectUriNotRegistered');
    assert.ok(redirect.message.includes('http://127.0.0.1/callback'));
    assert.equal(redirect.redirectUriToRegister, 'http://127.0.0.1/callback');

    const client = classifyAuthorizePreflight(400, '<p>INVALID_CLIENT: Invalid client</p>', clientId, 'http://127.0.0.1/callback');
    assert.equal(client?.reason, 'invalidClientId');
    assert.ok(client?.message.includes(clientId));

    assert.equal(classifyAuthorizePreflight(302, '', clientId, 'x'), undefined);
    assert.equal(classifyAuthorizePreflight(200, 'INVALID_CLIENT', clientId, 'x'), undefined);
    assert.equal(classifyAuthorizePreflight(400, 'something else', clientId, 'x'), undefined);
  });

  it('names the Development Mode rule behind a 403 from /me', () => {
    const allowlist = classifyProfileForbidden(
      '{"error":{"status":403,"message":"Check settings on developer.spotify.com/dashboard, the user may not be registered."}}',
    );
    assert.equal(allowlist.reason, 'userNotRegistered');
    assert.match(allowlist.message, /Users and Access/);
    const premium = classifyProfileForbidden('{"error":{"status":403,"message":"Active premium subscription required for the owner of the app."}}');
    assert.equal(premium.reason, 'premiumRequired');
    assert.match(premium.message, /Premium/);
    assert.equal(classifyProfileForbidden('Forbidden').reason, 'profileFailed');
  });

  it('words a declined consent and other authorize errors', () => {
    assert.equal(classifyCallbackError('access_denied').reason, 'declined');
    assert.match(classifyCallbackError('access_denied').message, /declined/);
    const other = classifyCallbackError('invalid_scope', 'bad scope');
    assert.equal(other.reason, 'authorizeError');
    assert.match(other.message, /invalid_scope \(bad scope\)/);
  });
});

describe('auth: stored session', () => {
  const session: StoredSession = {
    id: 's1',
    account: { id: 'u1', label: 'Listener' },
    scopes: ['user-library-read'],
    accessToken: 'at',
    refreshToken: 'rt',
    expiresAt: 1_700_000_000_000,
    clientId: '0123456789abcdef0123456789abcdef',
  };

  it('round-trips through JSON', () => {
    assert.deepEqual(parseStoredSession(serializeStoredSession(session)), session);
  });

  it('ignores what it cannot read instead of throwing', () => {
    assert.equal(parseStoredSession(undefined), undefined);
    assert.equal(parseStoredSession('not json'), undefined);
    assert.equal(parseStoredSession('{"id":"s1"}'), undefined);
    assert.equal(parseStoredSession(JSON.stringify({ ...session, expiresAt: 'tomorrow' })), undefined);
  });
});
