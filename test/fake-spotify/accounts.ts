// accounts.spotify.com: /authorize (checks, consent page, redirect) and /api/token (PKCE and refresh).
import type { IncomingMessage } from 'node:http';
import { FAKE_APP_NAME, FAKE_CLIENT_ID, FAKE_USER } from './fixtures';
import { escapeHtml, html, json, oauthError, redirect, Reply } from './http';
import type { FakeState } from './state';
import type { AuthRequest } from './tokens';

const KNOWN_SCOPES = new Set([
  'ugc-image-upload', 'user-read-playback-state', 'user-modify-playback-state', 'user-read-currently-playing',
  'app-remote-control', 'streaming', 'playlist-read-private', 'playlist-read-collaborative', 'playlist-modify-private',
  'playlist-modify-public', 'user-follow-modify', 'user-follow-read', 'user-read-playback-position', 'user-top-read',
  'user-read-recently-played', 'user-library-modify', 'user-library-read', 'user-read-email', 'user-read-private',
  'user-personalized',
]);

const SCOPE_TEXT: Record<string, string> = {
  'user-library-read': 'View your Liked Songs and saved content',
  'playlist-read-private': 'View your private playlists',
  'playlist-read-collaborative': 'View playlists you collaborate on',
  'user-follow-read': 'View the artists you follow',
  'user-read-playback-position': 'Read your position in content you have played',
  // Spotify's consent page names every permission in words; so does its stand-in.
  'user-read-playback-state': 'Read your currently playing content and Spotify Connect devices information',
  'user-modify-playback-state': 'Control Spotify on your devices',
  'user-read-currently-playing': 'Read your currently playing content',
  'user-library-modify': 'Add and remove items in Your Library',
  'user-follow-modify': 'Manage who you are following',
  'playlist-modify-private': 'Create, edit, and follow private playlists',
  'playlist-modify-public': 'Create, edit, and follow playlists',
};

/** The fake's stand-in for https://vscode.dev/redirect (these machines cannot reach vscode.dev). */
export const REDIRECT_PAGE_PATH = '/redirect';

/**
 * Loopback IP literal, path /callback, any port (the fake's app registered the URIs without a
 * port); and, when `redirectPage` is given, exactly that address (the stand-in redirect page).
 */
export function isAllowedRedirectUri(uri: string, redirectPage?: string): boolean {
  if (redirectPage !== undefined && uri === redirectPage) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  // Exact string match like Spotify: no normalisation tricks such as 127.1 or a trailing slash.
  return u.href === uri && u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]') && u.pathname === '/callback' && !u.search && !u.hash && !u.username;
}

/**
 * Where the redirect page sends the browser, as vscode.dev/redirect does: to the callback address
 * in `state` (URI-encoded once more by the extension, so decoded here), with the code (or the
 * error) and the state appended. Undefined when `state` names no address.
 */
export function forwardFromRedirectPage(pageQuery: URLSearchParams): string | undefined {
  const state = pageQuery.get('state');
  if (!state) return undefined;
  let target: URL;
  try {
    target = new URL(decodeURIComponent(state));
  } catch {
    return undefined;
  }
  for (const key of ['code', 'error', 'error_description']) {
    const value = pageQuery.get(key);
    if (value !== null) target.searchParams.append(key, value);
  }
  target.searchParams.append('state', state);
  return target.href;
}

/** GET /redirect: forwards to the callback, or says why it cannot. */
export function handleRedirectPage(url: URL): Reply {
  const target = forwardFromRedirectPage(url.searchParams);
  if (!target) return html(400, 'Redirect', '<h1>This page forwards a sign-in to VS Code.</h1><p id="error">The address carries no callback (state).</p>');
  return redirect(target);
}

function errorPage(message: string): Reply {
  return html(400, 'Error - Spotify', `<h1>Oops! Something went wrong, please try again or check out our help area</h1><p id="error">${escapeHtml(message)}</p>`);
}

function backTo(redirectUri: string, params: Record<string, string | null>): Reply {
  const u = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) u.searchParams.set(key, value);
  return redirect(u.href);
}

function appName(clientId: string): string {
  return clientId === FAKE_CLIENT_ID ? FAKE_APP_NAME : `Fake app ${clientId.slice(0, 8)}`;
}

export function handleAuthorize(state: FakeState, url: URL): Reply {
  const q = url.searchParams;
  const clientId = q.get('client_id');
  if (!state.auth.isRegisteredClient(clientId)) return errorPage('INVALID_CLIENT: Invalid client');
  const redirectUri = q.get('redirect_uri');
  const redirectPage = state.switches().redirectPageRegistered ? `${state.baseUrl}${REDIRECT_PAGE_PATH}` : undefined;
  if (!redirectUri || !isAllowedRedirectUri(redirectUri, redirectPage)) return errorPage('INVALID_CLIENT: Invalid redirect URI');
  const stateParam = q.get('state');
  if (q.get('response_type') !== 'code') return backTo(redirectUri, { error: 'unsupported_response_type', state: stateParam });
  const challenge = q.get('code_challenge') ?? '';
  if (q.get('code_challenge_method') !== 'S256') return backTo(redirectUri, { error: 'invalid_request', error_description: 'code_challenge_method must be S256', state: stateParam });
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return backTo(redirectUri, { error: 'invalid_request', error_description: 'code_challenge is invalid', state: stateParam });
  const scope = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
  if (scope.some((s) => !KNOWN_SCOPES.has(s))) return backTo(redirectUri, { error: 'invalid_scope', state: stateParam });

  const request: AuthRequest = { clientId: clientId!, redirectUri, codeChallenge: challenge, scope: scope.join(' '), state: stateParam };
  const switches = state.switches();
  if (switches.decline) return backTo(redirectUri, { error: 'access_denied', state: stateParam });
  if (switches.autoApprove) return backTo(redirectUri, { code: state.auth.createCode(request), state: stateParam });

  const id = state.auth.openRequest(request);
  const scopes = scope.map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('');
  return html(
    200,
    'Authorize - Spotify',
    `<h1 id="app-name">${escapeHtml(appName(request.clientId))}</h1>
<p>wants to connect to your Spotify account <b>${escapeHtml(FAKE_USER.display_name)}</b>. It will be able to:</p>
<ul id="scopes">${scopes || '<li>See your public profile</li>'}</ul>
<form method="post" action="authorize/decision">
<input type="hidden" name="request" value="${escapeHtml(id)}">
<button id="agree" name="decision" value="agree" type="submit">Agree</button>
<button id="cancel" name="decision" value="cancel" type="submit">Cancel</button>
</form>`,
  );
}

/** The consent page's Agree/Cancel; the parked request is one-use. */
export function handleDecision(state: FakeState, body: string): Reply {
  const form = new URLSearchParams(body);
  const request = state.auth.takeRequest(form.get('request') ?? '');
  if (!request) return errorPage('This authorization request has expired. Please start again.');
  if (form.get('decision') !== 'agree') return backTo(request.redirectUri, { error: 'access_denied', state: request.state });
  return backTo(request.redirectUri, { code: state.auth.createCode(request), state: request.state });
}

export function handleToken(state: FakeState, req: IncomingMessage, body: string): Reply {
  if (req.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'Method not allowed' });
  // Spotify reads only form bodies; a JSON body looks like no parameters at all.
  const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  const form = new URLSearchParams(isForm ? body : '');
  const grant = form.get('grant_type');
  if (!grant) return oauthError('invalid_request', 'grant_type parameter is missing');
  let result;
  if (grant === 'authorization_code') result = state.auth.authorizationCodeGrant(form);
  else if (grant === 'refresh_token') {
    state.countRefresh();
    result = state.auth.refreshTokenGrant(form);
  } else return oauthError('unsupported_grant_type', `grant_type parameter is invalid: ${grant}`);
  return result.ok ? json(200, result.body, false, { 'cache-control': 'no-store' }) : oauthError(result.error, result.description);
}
