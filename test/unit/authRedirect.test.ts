// The redirect-page sign-in without VS Code: the waiting sign-ins and their nonces, the fake's
// stand-in for https://vscode.dev/redirect, and the CORS a browser-hosted extension needs.
import * as assert from 'node:assert/strict';
import { RedirectCallbacks, REDIRECT_CALLBACK_PATH } from '../../src/auth/redirectCallbacks';
import { SignInCancelledError } from '../../src/auth/signInErrors';
import { buildAuthorizeUrl, readCallbackQuery, SPOTIFY_SCOPES, tokenEndpointUrl } from '../../src/auth/spotifyOAuth';
import { createPkcePair } from '../../src/auth/pkce';
import { forwardFromRedirectPage } from '../fake-spotify/accounts';
import { FAKE_CLIENT_ID } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/server';

/** What the redirect flow puts in `state`: its callback URI, encoded once more for the redirect page. */
function stateFor(callback: string): string {
  return encodeURIComponent(callback);
}

describe('auth: redirect-page callbacks', () => {
  it('hands the callback to the sign-in waiting for its nonce, once', async () => {
    const callbacks = new RedirectCallbacks();
    const waiting = callbacks.waitFor('n0nce', new AbortController().signal);
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'nonce=n0nce&code=abc&state=s'), 'accepted');
    const query = await waiting;
    assert.equal(query.get('code'), 'abc');
    // One-shot: the same callback again finds nobody waiting.
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'nonce=n0nce&code=abc&state=s'), 'unknownNonce');
    assert.equal(callbacks.waitingCount, 0);
  });

  it('ignores callbacks with another nonce, without one, or on another path, and keeps waiting', async () => {
    const callbacks = new RedirectCallbacks();
    const waiting = callbacks.waitFor('mine', new AbortController().signal);
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'nonce=yours&code=evil'), 'unknownNonce');
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'code=evil'), 'unknownNonce');
    assert.equal(callbacks.deliver('/elsewhere', 'nonce=mine&code=evil'), 'notACallback');
    assert.equal(callbacks.waitingCount, 1);
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'nonce=mine&code=good'), 'accepted');
    assert.equal((await waiting).get('code'), 'good');
  });

  it('stops waiting when the sign-in is cancelled or times out (abort), and then takes nothing', async () => {
    const callbacks = new RedirectCallbacks();
    const abort = new AbortController();
    const waiting = callbacks.waitFor('n', abort.signal);
    abort.abort();
    await assert.rejects(waiting, SignInCancelledError);
    assert.equal(callbacks.deliver(REDIRECT_CALLBACK_PATH, 'nonce=n&code=late'), 'unknownNonce');
    await assert.rejects(callbacks.waitFor('m', abort.signal), SignInCancelledError, 'an aborted attempt does not start waiting');
    assert.equal(callbacks.waitingCount, 0);
  });
});

describe('fake Spotify: the stand-in redirect page', () => {
  it('forwards code and state to the decoded callback, keeping the callback’s own query', () => {
    const callback = 'code-oss://spotify-library-dev.library-for-spotify/did-authenticate?nonce=a%2Bb';
    const state = stateFor(callback);
    const target = new URL(forwardFromRedirectPage(new URLSearchParams({ code: 'c0de', state }))!);
    assert.equal(`${target.protocol}//${target.host}${target.pathname}`, 'code-oss://spotify-library-dev.library-for-spotify/did-authenticate');
    assert.equal(target.searchParams.get('nonce'), 'a+b');
    assert.equal(target.searchParams.get('code'), 'c0de');
    // The extension finds its own state again: the check of readCallbackQuery passes.
    assert.deepEqual(readCallbackQuery(target.searchParams, state), { kind: 'code', code: 'c0de' });
  });

  it('forwards an error (the user declined) the same way', () => {
    const state = stateFor('http://127.0.0.1:8080/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=x&vscode-path=%2Fdid-authenticate&vscode-query=nonce%3Dn');
    const target = new URL(forwardFromRedirectPage(new URLSearchParams({ error: 'access_denied', state }))!);
    assert.equal(target.searchParams.get('vscode-query'), 'nonce=n');
    assert.equal(readCallbackQuery(target.searchParams, state).kind, 'error');
  });

  it('refuses an address without a callback', () => {
    assert.equal(forwardFromRedirectPage(new URLSearchParams({ code: 'c' })), undefined);
    assert.equal(forwardFromRedirectPage(new URLSearchParams({ code: 'c', state: 'not an address' })), undefined);
  });

  describe('served', () => {
    let fake: FakeSpotify;
    before(async () => {
      fake = await startFakeSpotify({ liked: 10, playlists: 1 });
    });
    after(() => fake.close());
    beforeEach(() => fake.state.reset({ revokeTokens: true }));

    async function authorize(redirectUri: string, state: string, challenge: string): Promise<Response> {
      const url = buildAuthorizeUrl({ accountsBaseUrl: fake.url, clientId: FAKE_CLIENT_ID, redirectUri, codeChallenge: challenge, state, scopes: SPOTIFY_SCOPES });
      return fetch(url, { redirect: 'manual' });
    }

    it('authorize accepts the redirect page, which forwards the code; the token endpoint wants the same redirect_uri', async () => {
      fake.state.configure({ autoApprove: true });
      const pkce = await createPkcePair();
      const redirectPage = `${fake.url}/redirect`;
      const state = stateFor('vscode://spotify-library-dev.library-for-spotify/did-authenticate?nonce=xyz');
      const toPage = await authorize(redirectPage, state, pkce.challenge);
      assert.equal(toPage.status, 302);
      const pageUrl = toPage.headers.get('location')!;
      assert.ok(pageUrl.startsWith(`${redirectPage}?`), pageUrl);
      const forwarded = await fetch(pageUrl, { redirect: 'manual' });
      assert.equal(forwarded.status, 302);
      const callback = new URL(forwarded.headers.get('location')!);
      assert.equal(callback.protocol, 'vscode:');
      assert.equal(callback.searchParams.get('nonce'), 'xyz');
      const outcome = readCallbackQuery(callback.searchParams, state);
      assert.equal(outcome.kind, 'code');

      const exchange = (redirectUri: string) =>
        fetch(tokenEndpointUrl(fake.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: (outcome as { code: string }).code, redirect_uri: redirectUri, client_id: FAKE_CLIENT_ID, code_verifier: pkce.verifier }),
        });
      assert.equal((await exchange('http://127.0.0.1/callback')).status, 400, 'another redirect_uri is refused');
      const token = await exchange(redirectPage);
      assert.equal(token.status, 200);
      assert.equal(token.headers.get('access-control-allow-origin'), '*', 'the token endpoint answers CORS');
    });

    it('authorize refuses the redirect page when the app does not list it', async () => {
      fake.state.configure({ redirectPageRegistered: false });
      const refused = await authorize(`${fake.url}/redirect`, 's', (await createPkcePair()).challenge);
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /Invalid redirect URI/);
    });

    it('answers CORS preflights for the Web API, the token endpoint and the control API, not for pages', async () => {
      for (const path of ['/v1/me/tracks', '/api/token', '/__fake/config']) {
        const preflight = await fetch(`${fake.url}${path}`, {
          method: 'OPTIONS',
          headers: { Origin: 'http://127.0.0.1:9', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
        });
        assert.equal(preflight.status, 204, path);
        assert.equal(preflight.headers.get('access-control-allow-origin'), '*', path);
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/, path);
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/, path);
      }
      const token = fake.state.issueTokens().access_token;
      const api = await fetch(`${fake.apiUrl}/me`, { headers: { Authorization: `Bearer ${token}`, Origin: 'http://127.0.0.1:9' } });
      assert.equal(api.headers.get('access-control-allow-origin'), '*');
      assert.equal(fake.state.stats().requests, 1, 'preflights are not counted as requests');
      const page = await fetch(`${fake.url}/authorize`, { redirect: 'manual' });
      assert.equal(page.headers.get('access-control-allow-origin'), null);
    });
  });
});
