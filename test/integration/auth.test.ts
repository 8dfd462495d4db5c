// Sign-in in the real extension host: the consent page opens in the harness's real Chromium (a
// popup of the workbench), the fake Spotify redirects it to the extension's loopback server, and
// the tokens are refreshed, rotated and ended the way Spotify does it.
//
// Sessions are created with the provider's own createSession: VS Code's
// `authentication.getSession(..., {createIfNone: true})` first asks "The extension wants to sign in
// using Spotify", and the workbench refuses to show dialogs while extension tests run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';

const fakeUrl = process.env.FAKE_SPOTIFY_URL ?? '';
const fakeApiUrl = process.env.FAKE_SPOTIFY_API_URL ?? `${fakeUrl}/v1`;

interface FakeStats {
  tokenRequests: number;
  refreshRequests: number;
  authorizeRequests: number;
}
interface IssuedSecrets {
  accessTokens: string[];
  refreshTokens: string[];
  codes: string[];
}

async function control<T = unknown>(route: string, body?: unknown, method?: string): Promise<T> {
  const response = await fetch(`${fakeUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Waits for the harness to record the browser going to a matching address. */
async function waitForBrowserOpen(matches: (url: URL) => boolean): Promise<URL> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const opens = await control<{ url: string }[]>('/__fake/browser-opens');
    const found = opens.map((open) => new URL(open.url)).find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the browser never went there');
}

async function meStatus(token: string): Promise<number> {
  const response = await fetch(`${fakeApiUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

type InputBoxHandler = (options: vscode.InputBoxOptions) => Promise<string | undefined>;
type ModalHandler = (message: string, options: vscode.MessageOptions, items: string[]) => string | undefined;

/**
 * Stands in for the window's messages and input boxes: records what the extension shows and
 * answers in the user's place (nothing can click a notification or type into VS Code here).
 */
class WindowStub {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  readonly modals: { message: string; detail?: string; items: string[] }[] = [];
  onInputBox: InputBoxHandler = async () => undefined;
  onModal: ModalHandler = () => undefined;
  private readonly window = vscode.window as unknown as Record<string, unknown>;
  private readonly originals = new Map<string, unknown>();

  install(): void {
    this.replace('showWarningMessage', (message: string) => {
      this.warnings.push(message);
      return Promise.resolve(undefined);
    });
    this.replace('showErrorMessage', (message: string) => {
      this.errors.push(message);
      return Promise.resolve(undefined);
    });
    this.replace('showInputBox', (options: vscode.InputBoxOptions) => {
      this.inputBoxes.push(options);
      return this.onInputBox(options);
    });
    const showInformationMessage = vscode.window.showInformationMessage;
    this.replace('showInformationMessage', (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
      if (!options?.modal) return (showInformationMessage as (...args: unknown[]) => unknown)(message, ...rest);
      const items = rest.slice(1) as string[];
      this.modals.push({ message, detail: options.detail, items });
      return Promise.resolve(this.onModal(message, options, items));
    });
  }

  restore(): void {
    for (const [name, original] of this.originals) this.window[name] = original;
    this.originals.clear();
  }

  private replace(name: string, standIn: unknown): void {
    this.originals.set(name, this.window[name]);
    this.window[name] = standIn;
  }
}

describe('Sign-in (real browser, fake Spotify)', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;
  let messages: WindowStub;
  const sessionEvents: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
  let eventListener: vscode.Disposable;

  before(async function () {
    if (!fakeUrl) this.skip();
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
    };
    const extension = vscode.extensions.getExtension<LibraryExtensionApi>(`${manifest.publisher}.${manifest.name}`);
    assert.ok(extension, 'the extension is loaded');
    api = await extension.activate();
    eventListener = api.auth.onDidChangeSessions((event) => sessionEvents.push(event));
  });

  after(async () => {
    eventListener?.dispose();
    if (fakeUrl) await control('/__fake/reset', {}); // the next suites get the default library and switches
  });

  beforeEach(async () => {
    await api.auth.signOut();
    await control('/__fake/reset', { revokeTokens: true, liked: 20, playlists: 2 });
    await control('/__fake/browser-opens', undefined, 'DELETE');
    sessionEvents.length = 0;
    messages = new WindowStub();
    messages.install();
  });

  afterEach(async () => {
    messages.restore();
    await api.auth.signOut();
  });

  async function signInThroughTheBrowser(): Promise<vscode.AuthenticationSession> {
    await control('/__fake/config', { autoApprove: true });
    return api.auth.createSession([...SPOTIFY_SCOPES]);
  }

  it('signs in through the browser and labels the account with the Spotify display name', async () => {
    const session = await signInThroughTheBrowser();
    assert.equal(session.account.label, 'Fake Listener');
    assert.equal(session.account.id, 'fakeuser');
    assert.deepEqual([...session.scopes].sort(), [...SPOTIFY_SCOPES].sort());
    assert.equal(await meStatus(session.accessToken), 200);

    // The real browser went to the consent page with a PKCE S256 challenge and a loopback redirect.
    const opens = await control<{ url: string }[]>('/__fake/browser-opens');
    const authorize = opens.map((open) => new URL(open.url)).find((url) => url.pathname === '/authorize');
    assert.ok(authorize, `the consent page was opened (${opens.length} opens)`);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorize.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.deepEqual(authorize.searchParams.get('scope')?.split(' ').sort(), [...SPOTIFY_SCOPES].sort());
    assert.ok(opens.some((open) => open.url.startsWith(authorize.searchParams.get('redirect_uri')!)), 'the browser came back to VS Code');

    const [stored] = await api.auth.getSessions();
    assert.equal(stored?.id, session.id);
    assert.equal(await api.auth.getAccessToken(), session.accessToken);
    assert.equal(sessionEvents.length, 1);
    assert.deepEqual(sessionEvents[0].added?.map((s) => s.account.label), ['Fake Listener']);
    assert.deepEqual(messages.errors, []);
  });

  it('keeps no token or code in the settings', async () => {
    const session = await signInThroughTheBrowser();
    const secrets = await control<IssuedSecrets>('/__fake/tokens');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('spotifyLibrary'));
    assert.ok(secrets.codes.length > 0 && secrets.refreshTokens.length > 0);
    for (const secret of [...secrets.accessTokens, ...secrets.refreshTokens, ...secrets.codes, session.accessToken]) {
      assert.ok(!settings.includes(secret), 'a secret reached the settings');
    }
  });

  it('refreshes silently after the API rejects an expired token', async () => {
    const session = await signInThroughTheBrowser();
    await control('/__fake/tokens/expire', {});
    assert.equal(await meStatus(session.accessToken), 401);
    const before = await control<FakeStats>('/__fake/stats');

    const tokens = await Promise.all(Array.from({ length: 5 }, () => api.auth.refreshAfterRejection(session.accessToken)));
    const after = await control<FakeStats>('/__fake/stats');
    assert.equal(after.refreshRequests - before.refreshRequests, 1, 'one refresh for five callers');
    assert.equal(new Set(tokens).size, 1);
    assert.equal(await meStatus(tokens[0]), 200);
    const [stored] = await api.auth.getSessions();
    assert.equal(stored.accessToken, tokens[0]);
    assert.equal(stored.id, session.id, 'the same session, with a new token');
    assert.ok(sessionEvents.some((event) => event.changed?.length === 1));
    assert.deepEqual(messages.warnings, []);
  });

  it('refreshes before use a token with under a minute left', async () => {
    const session = await signInThroughTheBrowser();
    await control('/__fake/config', { expiresIn: 30 });
    const short = await api.auth.refreshAfterRejection(session.accessToken); // now stored with 30 s left
    const before = await control<FakeStats>('/__fake/stats');
    const fresh = await api.auth.getAccessToken();
    const after = await control<FakeStats>('/__fake/stats');
    assert.notEqual(fresh, short);
    assert.equal(after.refreshRequests - before.refreshRequests, 1);
    assert.equal(await meStatus(fresh), 200);
  });

  it('stores a rotated refresh token (refreshMode rotate)', async () => {
    const session = await signInThroughTheBrowser();
    await control('/__fake/config', { refreshMode: 'rotate' });
    const issuedBefore = (await control<IssuedSecrets>('/__fake/tokens')).refreshTokens.length;
    const first = await api.auth.refreshAfterRejection(session.accessToken);
    const issued = await control<IssuedSecrets>('/__fake/tokens');
    assert.equal(issued.refreshTokens.length, issuedBefore + 1, 'the fake rotated the refresh token');
    // The fake retired the first refresh token: this works only with the stored rotated one.
    const second = await api.auth.refreshAfterRejection(first);
    assert.equal(await meStatus(second), 200);
    assert.equal((await api.auth.getSessions()).length, 1);
  });

  it('keeps the refresh token when the answer omits it (refreshMode omit)', async () => {
    const session = await signInThroughTheBrowser();
    await control('/__fake/config', { refreshMode: 'omit' });
    const issuedBefore = (await control<IssuedSecrets>('/__fake/tokens')).refreshTokens.length;
    const first = await api.auth.refreshAfterRejection(session.accessToken);
    const second = await api.auth.refreshAfterRejection(first);
    assert.equal(await meStatus(second), 200);
    const issued = await control<IssuedSecrets>('/__fake/tokens');
    assert.equal(issued.refreshTokens.length, issuedBefore, 'no new refresh token was issued');
  });

  it('signs out once with one message when Spotify ends the sign-in (invalid_grant)', async () => {
    const session = await signInThroughTheBrowser();
    await control('/__fake/config', { refreshMode: 'invalid_grant' });
    sessionEvents.length = 0;
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => api.auth.refreshAfterRejection(session.accessToken)));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      const error = (result as PromiseRejectedResult).reason as { kind?: string; message: string };
      assert.equal(error.kind, 'sessionExpired');
      assert.match(error.message, /six months/);
    }
    assert.deepEqual(await api.auth.getSessions(), []);
    const removals = sessionEvents.filter((event) => event.removed?.length);
    assert.equal(removals.length, 1);
    assert.equal(messages.warnings.length, 1, `one message, got ${JSON.stringify(messages.warnings)}`);
    assert.match(messages.warnings[0], /six months; sign in again/);
    await assert.rejects(api.auth.getAccessToken(), (error: { kind?: string }) => error.kind === 'notSignedIn');
  });

  it('signs out with the Sign Out command', async () => {
    const session = await signInThroughTheBrowser();
    sessionEvents.length = 0;
    await vscode.commands.executeCommand('spotifyLibrary.signOut');
    assert.deepEqual(await api.auth.getSessions(), []);
    assert.deepEqual(sessionEvents.map((event) => event.removed?.map((s) => s.id)), [[session.id]]);
    await assert.rejects(api.auth.getAccessToken(), (error: { kind?: string }) => error.kind === 'notSignedIn');
  });

  it('says so when the consent is declined in the browser', async () => {
    await control('/__fake/config', { decline: true });
    await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: { reason?: string }) => error.reason === 'declined');
    assert.deepEqual(await api.auth.getSessions(), []);
    assert.equal(messages.errors.length, 1);
    assert.match(messages.errors[0], /declined/);
  });

  it('stops before the browser opens when Spotify does not know the Client ID', async () => {
    await control('/__fake/config', { autoApprove: true, registeredClientIds: ['ffffffffffffffffffffffffffffffff'] });
    await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: { reason?: string }) => error.reason === 'invalidClientId');
    assert.deepEqual(await control('/__fake/browser-opens'), [], 'no browser tab for a sign-in that cannot work');
    assert.match(messages.errors[0] ?? '', /does not know the Client ID/);
  });

  it('signs in by pasting the address the browser was sent to (signInFlow paste)', async () => {
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configuredFlow = settings.inspect('signInFlow')?.globalValue;
    await settings.update('signInFlow', 'paste', vscode.ConfigurationTarget.Global);
    try {
      await control('/__fake/config', { autoApprove: true });
      let staleProblem: unknown;
      messages.onInputBox = async (options) => {
        // The browser was sent to http://127.0.0.1/callback?code=…, where nothing listens: the user copies it.
        const callback = await waitForBrowserOpen((url) => url.pathname === '/callback');
        staleProblem = await options.validateInput?.(callback.href.replace(/state=[^&]+/, 'state=old'));
        assert.equal(await options.validateInput?.(callback.href), undefined, 'the real address is accepted');
        return callback.href;
      };
      const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
      assert.equal(session.account.label, 'Fake Listener');
      assert.equal(messages.inputBoxes.length, 1);
      assert.match(messages.inputBoxes[0].prompt ?? '', /cannot be reached/);
      assert.match(String(staleProblem), /older sign-in/);
      const opens = await control<{ url: string }[]>('/__fake/browser-opens');
      const authorize = opens.map((open) => new URL(open.url)).find((url) => url.pathname === '/authorize');
      assert.equal(authorize?.searchParams.get('redirect_uri'), 'http://127.0.0.1/callback');
    } finally {
      await settings.update('signInFlow', configuredFlow, vscode.ConfigurationTarget.Global);
    }
  });

  it('walks through the Client ID setup when there is none, then goes on signing in', async () => {
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configured = settings.inspect<string>('clientId')?.globalValue;
    await settings.update('clientId', '', vscode.ConfigurationTarget.Global);
    try {
      await control('/__fake/config', { autoApprove: true });
      let shapeProblem: unknown;
      messages.onModal = (_message, _options, items) => items.find((item) => item === 'Enter Client ID');
      messages.onInputBox = async (options) => {
        if (options.title !== 'Spotify Client ID') return undefined;
        shapeProblem = await options.validateInput?.('not-a-client-id');
        return configured;
      };
      const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
      assert.equal(session.account.label, 'Fake Listener');
      assert.ok(configured, 'the harness configures a Client ID');
      assert.equal(messages.modals.length, 1);
      const detail = messages.modals[0].detail ?? '';
      assert.ok(detail.includes('Redirect URIs add exactly: http://127.0.0.1/callback'), detail);
      assert.match(detail, /Premium/);
      assert.match(detail, /Users and Access/);
      assert.deepEqual(messages.modals[0].items, ['Open Dashboard', 'Enter Client ID']);
      assert.match(String(shapeProblem), /0-9 and a-f/);
      assert.equal(vscode.workspace.getConfiguration('spotifyLibrary').get('clientId'), configured, 'saved to the user settings');
    } finally {
      await settings.update('clientId', configured, vscode.ConfigurationTarget.Global);
    }
  });

  it('stays signed out, quietly, when the Client ID setup is dismissed', async () => {
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configured = settings.inspect<string>('clientId')?.globalValue;
    await settings.update('clientId', '', vscode.ConfigurationTarget.Global);
    try {
      messages.onModal = () => undefined;
      await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: Error) => error.name === 'Canceled');
      assert.deepEqual(messages.errors, [], 'a cancelled sign-in shows nothing');
      assert.deepEqual(await control('/__fake/browser-opens'), []);
    } finally {
      await settings.update('clientId', configured, vscode.ConfigurationTarget.Global);
    }
  });

  it('explains an account missing from the app’s allowlist', async () => {
    await control('/__fake/faults', { forbidden: 'userNotRegistered' });
    await assert.rejects(signInThroughTheBrowser(), (error: { reason?: string }) => error.reason === 'userNotRegistered');
    assert.deepEqual(await api.auth.getSessions(), []);
    assert.match(messages.errors[0] ?? '', /Users and Access/);
  });

  // Last on purpose: the fake lists every token and code it issued during the tests above.
  it('never wrote a token or code it issued to the extension’s log', async function () {
    const logFile = findExtensionLog();
    if (!logFile) this.skip(); // only the code-server harness has a known log folder
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the log channel writes in batches
    const log = fs.readFileSync(logFile, 'utf8');
    assert.match(log, /\[auth\] Signed in as Fake Listener/, 'this is the extension’s log');
    const secrets = await control<IssuedSecrets>('/__fake/tokens');
    assert.ok(secrets.accessTokens.length >= 10);
    for (const secret of [...secrets.accessTokens, ...secrets.refreshTokens, ...secrets.codes]) {
      assert.ok(!log.includes(secret), 'a token or code reached the log');
    }
  });
});

/** The extension's Output channel file under code-server's run folder (TMPDIR is <run>/tmp there). */
function findExtensionLog(): string | undefined {
  const logsDir = path.join(process.env.TMPDIR ?? '', '..', 'user-data', 'logs');
  if (!process.env.TMPDIR || !fs.existsSync(logsDir)) return undefined;
  const candidates = fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'Library for Spotify.log')
    .map((file) => path.join(logsDir, file));
  return candidates.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}
