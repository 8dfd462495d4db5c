// Sign-in in the real extension host: the consent page opens in the harness's real Chromium (a
// popup of the workbench), the fake Spotify redirects it to the extension's loopback server, and
// the tokens are refreshed, rotated and ended the way Spotify does it.
//
// Sessions are created with the provider's own createSession: VS Code's
// `authentication.getSession(..., {createIfNone: true})` first asks "The extension wants to sign in
// using Spotify", and the workbench refuses to show dialogs while extension tests run.
// What the extension shows (notifications, the paste box, the Client ID setup) is read from the
// real workbench and answered there, through the harness (support/workbench.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../src/extension';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import { control, delay, fakeApiUrl, fakeUrl } from './support/fake';
import { ExtensionLogReader, extensionLogFile, workbench, workbenchUiAvailable, type WorkbenchNotification } from './support/workbench';

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

/** Waits for the harness to record the browser going to a matching address. */
async function waitForBrowserOpen(matches: (url: URL) => boolean): Promise<URL> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const opens = await control<{ url: string }[]>('/__fake/browser-opens');
    const found = opens.map((open) => new URL(open.url)).find(matches);
    if (found) return found;
    await delay(100);
  }
  throw new Error('the browser never went there');
}

const SETUP_TITLE = 'Set Up Spotify Client ID';
const PASTE_TITLE = 'Sign in to Spotify: paste the address from your browser';
/** Long enough for a message the extension shows to reach the workbench: checks that one did not come wait this long first. */
const SETTLE_MS = 300;

function ofSeverity(shown: WorkbenchNotification[], severity: WorkbenchNotification['severity']): WorkbenchNotification[] {
  return shown.filter((notification) => notification.severity === severity);
}

async function meStatus(token: string): Promise<number> {
  const response = await fetch(`${fakeApiUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

// Spotify answers a refresh with or without a new refresh token: the whole suite runs with each.
for (const refreshMode of ['omit', 'rotate'] as const) describe(`Sign-in (real browser, fake Spotify, refreshMode ${refreshMode})`, function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;
  /** The harness drives the workbench UI (the code-server launcher); tests that need it skip without. */
  let ui = false;
  /** What the extension logs during the current test. */
  let log: ExtensionLogReader | undefined;
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
    ui = await workbenchUiAvailable();
    eventListener = api.auth.onDidChangeSessions((event) => sessionEvents.push(event));
  });

  after(async () => {
    eventListener?.dispose();
    if (fakeUrl) await control('/__fake/reset', {}); // the next suites get the default library and switches
  });

  beforeEach(async () => {
    await api.auth.signOut();
    await control('/__fake/reset', { revokeTokens: true, liked: 20, playlists: 2 });
    await control('/__fake/config', { refreshMode });
    await control('/__fake/browser-opens', undefined, 'DELETE');
    sessionEvents.length = 0;
    if (ui) {
      await workbench.closeQuickInput();
      await workbench.clearNotifications();
    }
    log = ExtensionLogReader.fromNow();
  });

  afterEach(async () => {
    await api.auth.signOut();
    if (ui) {
      await workbench.closeQuickInput();
      await workbench.clearNotifications();
    }
  });

  /**
   * The messages (of one severity) shown now, after a moment for any still on their way; [] without
   * the harness. Progress notifications are left out: a finished sign-in's stays a moment.
   */
  async function shownNow(severity?: WorkbenchNotification['severity']): Promise<WorkbenchNotification[]> {
    if (!ui) return [];
    await delay(SETTLE_MS);
    const shown = (await workbench.notifications()).filter((notification) => !notification.progress);
    return severity ? ofSeverity(shown, severity) : shown;
  }

  /**
   * Waits for the notification whose message contains `text` and for the log line the extension
   * writes with it; then all notifications of that severity, and the matching log lines. The
   * harness lists identical notifications once, so the log tells how often one was shown.
   */
  async function waitForNotification(
    text: string,
    severity: WorkbenchNotification['severity'],
    logged: RegExp,
  ): Promise<{ shown: WorkbenchNotification[]; logLines: string[] }> {
    // The extension logs just before it shows the message: the center is read once both are out.
    const logLines = log ? await log.matching(logged, 5000, SETTLE_MS) : (await delay(SETTLE_MS), []);
    return { shown: ofSeverity(await workbench.notifications(text), severity), logLines };
  }

  /** One error notification for a failed sign-in, and the extension reported one failure. */
  async function oneSignInError(text: string): Promise<WorkbenchNotification> {
    const { shown, logLines } = await waitForNotification(text, 'error', /\[auth\] Sign-in failed:/);
    assert.equal(shown.length, 1, `one error notification, got ${JSON.stringify(shown)}`);
    if (log) assert.equal(logLines.length, 1, `one failure reported, got ${JSON.stringify(logLines)}`);
    return shown[0];
  }

  /**
   * Runs `start`, a sign-in that must go through VS Code's own consent prompt (`prompt`), answers
   * it with Allow in the workbench and lets `finish` complete the sign-in. A workbench running
   * extension tests refuses modal dialogs (VS Code's DialogService): then the extension's log
   * shows the refused prompt, and the sign-in ends without a session.
   */
  async function throughConsentPrompt(
    start: () => Thenable<unknown>,
    prompt: string,
    finish: () => Promise<void> = async () => undefined,
  ): Promise<'allowed' | 'refused'> {
    await control('/__fake/config', { autoApprove: true });
    const started = Promise.resolve(start());
    started.catch(() => undefined);
    const dialog = await workbench.dialog(3000);
    if (!dialog) {
      assert.ok(log, 'the code-server harness has the extension log');
      const [refused] = await log.matching(/\[auth\] Sign-in ended without a session/);
      assert.ok(refused.endsWith(`refused to show dialog in tests. Contents: ${prompt}`), refused);
      await started;
      return 'refused';
    }
    assert.equal(dialog.message, prompt);
    await workbench.answerDialog('Allow');
    await finish();
    await started;
    return 'allowed';
  }

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
    assert.deepEqual(await shownNow('error'), []);
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
    assert.deepEqual(await shownNow('warning'), []);
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

  it('signs out once with one message when Spotify ends the sign-in (invalid_grant)', async function () {
    if (!ui) this.skip();
    const session = await signInThroughTheBrowser();
    await control('/__fake/config', { refreshMode: 'invalid_grant' });
    sessionEvents.length = 0;
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => api.auth.refreshAfterRejection(session.accessToken)));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      const error = result.reason as { kind?: string; message: string };
      assert.equal(error.kind, 'sessionExpired');
      assert.match(error.message, /six months/);
    }
    assert.deepEqual(await api.auth.getSessions(), []);
    const removals = sessionEvents.filter((event) => event.removed?.length);
    assert.equal(removals.length, 1);
    // The real notification, with its button; the log counts the sessions ended (one message each).
    const { shown: warnings, logLines } = await waitForNotification('six months', 'warning', /Spotify refused to refresh the session/);
    assert.equal(warnings.length, 1, `one message, got ${JSON.stringify(warnings)}`);
    assert.match(warnings[0].message, /six months; sign in again/);
    assert.deepEqual(warnings[0].buttons, ['Sign In']);
    if (log) assert.equal(logLines.length, 1, `the session ended once, got ${JSON.stringify(logLines)}`);
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

  it('commands resolve to nothing: no session and no Client ID through executeCommand', async function () {
    if (!ui) this.skip();
    const session = await signInThroughTheBrowser();
    // Signed in: these ask VS Code for the session (VS Code asks the user first; this workbench refuses).
    assert.equal(await vscode.commands.executeCommand('spotifyLibrary.signIn'), undefined);
    assert.equal(await vscode.commands.executeCommand('spotifyLibrary.signInByPasting'), undefined);

    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configured = settings.inspect<string>('clientId')?.globalValue;
    assert.ok(configured, 'the harness configures a Client ID');
    const setUp = Promise.resolve(vscode.commands.executeCommand('spotifyLibrary.setUpClientId'));
    setUp.catch(() => undefined);
    await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (1/2)`, 'explaining the setup');
    await workbench.pick('Enter the Client ID…');
    await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (2/2)`, 'asking for the Client ID');
    await workbench.type(configured, { accept: true });
    assert.equal(await setUp, undefined, 'the setup saved the Client ID and returned nothing');
    await workbench.notifications('used at your next sign-in');

    assert.equal((await api.auth.getSessions())[0]?.id, session.id, 'still signed in');
    assert.equal(await vscode.commands.executeCommand('spotifyLibrary.signOut'), undefined);
    assert.deepEqual(await api.auth.getSessions(), [], 'the sign-out happened');
  });

  it('the welcome view’s Sign In button asks VS Code for the session, with VS Code’s consent prompt', async function () {
    if (!ui) this.skip();
    await vscode.commands.executeCommand('spotifyLibrary.library.focus');
    await api.whenSessionSynced();
    const outcome = await throughConsentPrompt(
      () => workbench.clickWelcome('Sign In to Spotify'),
      "The extension 'Library for Spotify' wants to sign in using Spotify.",
    );
    if (outcome === 'refused') {
      assert.deepEqual(await api.auth.getSessions(), []);
      return;
    }
    await api.whenSessionSynced();
    assert.equal((await api.auth.getSessions())[0]?.account.label, 'Fake Listener');
    assert.ok((await control<{ url: string }[]>('/__fake/browser-opens')).some((open) => new URL(open.url).pathname === '/callback'), 'back through the loopback');
  });

  it('Sign In by Pasting asks VS Code for the session the same way', async function () {
    if (!ui) this.skip();
    await vscode.commands.executeCommand('spotifyLibrary.library.focus');
    await api.whenSessionSynced();
    const outcome = await throughConsentPrompt(
      () => workbench.clickWelcome('Sign in by pasting the redirect address'),
      "The extension 'Library for Spotify' wants to sign in using Spotify.",
      async () => {
        const callback = await waitForBrowserOpen((url) => url.pathname === '/callback');
        await workbench.waitForQuickInput((shown) => shown.title === PASTE_TITLE, 'asking for the address');
        await workbench.type(callback.href, { accept: true });
      },
    );
    assert.equal((await api.auth.getSessions()).length, outcome === 'allowed' ? 1 : 0);
  });

  it('a session Spotify keeps rejecting asks VS Code for a new one (forceNewSession), saying why', async function () {
    if (!ui) this.skip();
    const session = await signInThroughTheBrowser();
    const outcome = await throughConsentPrompt(
      () => vscode.commands.executeCommand('spotifyLibrary.signIn', { rejectedBecause: 'Spotify rejected the sign-in twice.' }),
      "The extension 'Library for Spotify' wants you to sign in again using Spotify.",
    );
    const [now] = await api.auth.getSessions();
    if (outcome === 'refused') assert.equal(now?.id, session.id, 'the old session stays until a new one is made');
    else assert.notEqual(now?.id, session.id, 'a new session');
  });

  it('says so when the consent is declined in the browser', async function () {
    if (!ui) this.skip();
    await control('/__fake/config', { decline: true });
    await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: { reason?: string }) => error.reason === 'declined');
    assert.deepEqual(await api.auth.getSessions(), []);
    const error = await oneSignInError('declined');
    assert.match(error.message, /declined/);
    assert.deepEqual(error.buttons, ['Try Again']);
  });

  it('stops before the browser opens when Spotify does not know the Client ID', async function () {
    if (!ui) this.skip();
    await control('/__fake/config', { autoApprove: true, registeredClientIds: ['ffffffffffffffffffffffffffffffff'] });
    await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: { reason?: string }) => error.reason === 'invalidClientId');
    assert.deepEqual(await control('/__fake/browser-opens'), [], 'no browser tab for a sign-in that cannot work');
    const error = await oneSignInError('does not know the Client ID');
    assert.deepEqual(error.buttons, ['Set Up Client ID']);

    // The button leads to the setup, worded for a setup on its own (not "To sign in, …").
    await workbench.clickNotificationButton('does not know the Client ID', 'Set Up Client ID');
    const setup = await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (1/2)`, 'explaining the setup');
    assert.match(setup.placeholder, /^Register your own Spotify app/);
    await workbench.pressKeys('Escape');
    await workbench.waitForNoQuickInput();
  });

  it('signs in by pasting the address the browser was sent to (signInFlow paste)', async function () {
    if (!ui) this.skip();
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configuredFlow = settings.inspect('signInFlow')?.globalValue;
    await settings.update('signInFlow', 'paste', vscode.ConfigurationTarget.Global);
    try {
      await control('/__fake/config', { autoApprove: true });
      const signingIn = api.auth.createSession([...SPOTIFY_SCOPES]);
      signingIn.catch(() => undefined); // awaited below; a failure meanwhile must not go unhandled
      // The browser was sent to http://127.0.0.1/callback?code=…, where nothing listens: the user copies it.
      const callback = await waitForBrowserOpen((url) => url.pathname === '/callback');
      const box = await workbench.waitForQuickInput((shown) => shown.title === PASTE_TITLE, 'asking for the address');
      assert.match(box.message, /cannot be reached/);
      assert.equal(box.severity, 'none');

      await workbench.type(callback.href.replace(/state=[^&]+/, 'state=old'));
      const stale = await workbench.waitForQuickInput((shown) => shown.severity === 'error', 'showing a problem');
      assert.match(stale.message, /older sign-in/);
      await workbench.type(callback.href);
      const accepted = await workbench.waitForQuickInput((shown) => shown.value === callback.href && shown.severity === 'none', 'accepting the real address');
      assert.match(accepted.message, /cannot be reached/, 'the real address is accepted: the prompt is back');
      await workbench.accept();

      const session = await signingIn;
      assert.equal(session.account.label, 'Fake Listener');
      await workbench.waitForNoQuickInput(); // the box is gone, and no second one came
      const opens = await control<{ url: string }[]>('/__fake/browser-opens');
      const authorize = opens.map((open) => new URL(open.url)).find((url) => url.pathname === '/authorize');
      assert.equal(authorize?.searchParams.get('redirect_uri'), 'http://127.0.0.1/callback');
    } finally {
      await settings.update('signInFlow', configuredFlow, vscode.ConfigurationTarget.Global);
    }
  });

  it('walks through the Client ID setup when there is none, then goes on signing in', async function () {
    if (!ui) this.skip();
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configured = settings.inspect<string>('clientId')?.globalValue;
    assert.ok(configured, 'the harness configures a Client ID');
    await settings.update('clientId', '', vscode.ConfigurationTarget.Global);
    try {
      await control('/__fake/config', { autoApprove: true });
      const signingIn = api.auth.createSession([...SPOTIFY_SCOPES]);
      signingIn.catch(() => undefined);

      const explain = await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (1/2)`, 'explaining the setup');
      assert.deepEqual(
        explain.items.map((item) => item.label),
        ['Open the Spotify Dashboard', 'Copy the redirect URI', 'Who can sign in', 'Why your own app', 'Enter the Client ID…'],
      );
      const item = (label: string) => explain.items.find((shown) => shown.label === label)!;
      assert.match(explain.placeholder, /^To sign in, register your own Spotify app/);
      assert.match(item('Open the Spotify Dashboard').detail, /Create app \(any name and description\), tick Web API/);
      assert.equal(item('Open the Spotify Dashboard').description, 'also copies the redirect URI');
      assert.equal(item('Copy the redirect URI').description, 'http://127.0.0.1/callback');
      assert.equal(item('Copy the redirect URI').detail, 'Add exactly this under Redirect URIs in the app’s settings.');
      assert.match(item('Who can sign in').detail, /Premium.*Users and Access \(up to 5\)/);
      assert.match(item('Why your own app').detail, /Web API through an app they register/);
      assert.match(item('Enter the Client ID…').detail, /Client ID names your app/);

      // Copying keeps the pick open, and says so.
      await workbench.pick('Copy the redirect URI');
      const copied = await workbench.waitForQuickInput(
        (shown) => shown.items.some((row) => row.label === 'Copy the redirect URI' && row.detail.startsWith('Copied.')),
        'confirming the copy',
      );
      assert.equal(copied.title, `${SETUP_TITLE} (1/2)`);
      assert.equal(await vscode.env.clipboard.readText(), 'http://127.0.0.1/callback');

      await workbench.pick('Enter the Client ID…');
      const box = await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (2/2)`, 'asking for the Client ID');
      assert.ok(box.message.includes('must list the redirect URI http://127.0.0.1/callback (it is on the clipboard)'), box.message);
      assert.equal(box.severity, 'none', 'an empty box is no error yet');

      await workbench.type('not-a-client-id');
      const invalid = await workbench.waitForQuickInput((shown) => shown.severity === 'error', 'refusing a malformed id');
      assert.match(invalid.message, /0-9 and a-f/);
      await workbench.accept(); // Enter on a malformed id keeps the box
      assert.equal((await workbench.quickInput())?.title, `${SETUP_TITLE} (2/2)`);

      await workbench.type(configured, { accept: true });
      const session = await signingIn;
      assert.equal(session.account.label, 'Fake Listener');
      assert.equal(vscode.workspace.getConfiguration('spotifyLibrary').get('clientId'), configured, 'saved to the user settings');
      assert.equal(settings.inspect<string>('clientId')?.globalValue, configured);
    } finally {
      await settings.update('clientId', configured, vscode.ConfigurationTarget.Global);
    }
  });

  it('stays signed out, quietly, when the Client ID setup is dismissed', async function () {
    if (!ui) this.skip();
    const settings = vscode.workspace.getConfiguration('spotifyLibrary');
    const configured = settings.inspect<string>('clientId')?.globalValue;
    await settings.update('clientId', '', vscode.ConfigurationTarget.Global);
    try {
      const signingIn = api.auth.createSession([...SPOTIFY_SCOPES]);
      signingIn.catch(() => undefined);
      await workbench.waitForQuickInput((shown) => shown.title === `${SETUP_TITLE} (1/2)`, 'explaining the setup');
      await workbench.pressKeys('Escape');
      await assert.rejects(signingIn, (error: Error) => error.name === 'Canceled');
      await workbench.waitForNoQuickInput();
      assert.deepEqual(await shownNow(), [], 'a cancelled sign-in shows nothing');
      if (log) {
        await log.matching(/\[auth\] Sign-in cancelled\./);
        assert.deepEqual(log.lines().filter((line) => /Signing in with|Sign-in failed/.test(line)), [], 'no flow started, so no progress either');
      }
      assert.deepEqual(await control('/__fake/browser-opens'), []);
      assert.equal(settings.inspect<string>('clientId')?.globalValue, '', 'nothing saved');
    } finally {
      await settings.update('clientId', configured, vscode.ConfigurationTarget.Global);
    }
  });

  it('explains an account missing from the app’s allowlist', async function () {
    if (!ui) this.skip();
    await control('/__fake/faults', { forbidden: 'userNotRegistered' });
    await assert.rejects(signInThroughTheBrowser(), (error: { reason?: string }) => error.reason === 'userNotRegistered');
    assert.deepEqual(await api.auth.getSessions(), []);
    const error = await oneSignInError('Users and Access');
    assert.deepEqual(error.buttons, ['Open Dashboard']);
  });
});

// After both runs above: the fake lists every token and code it issued during them.
describe('Sign-in leaves no secret in the log', function () {
  it('never wrote a token or code it issued to the extension’s log', async function () {
    const logFile = extensionLogFile();
    if (!logFile) this.skip(); // only the code-server harness has a known log folder
    await delay(1500); // the log channel writes in batches
    const logText = fs.readFileSync(logFile, 'utf8');
    assert.match(logText, /\[auth\] Signed in as Fake Listener/, 'this is the extension’s log');
    const secrets = await control<IssuedSecrets>('/__fake/tokens');
    assert.ok(secrets.accessTokens.length >= 10);
    for (const secret of [...secrets.accessTokens, ...secrets.refreshTokens, ...secrets.codes]) {
      assert.ok(!logText.includes(secret), 'a token or code reached the log');
    }
  });
});
