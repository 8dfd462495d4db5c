// Sign-in through the redirect page in a remote-style window: code-server's web workbench with the
// extension on the server (the workspace side), where the browser cannot be assumed to reach the
// extension's 127.0.0.1. The fake's stand-in for https://vscode.dev/redirect forwards the code to
// the workbench's /callback page, which hands it to the extension's URI handler. Nothing is pasted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../src/auth/spotifyOAuth';
import type { LibraryExtensionApi } from '../../src/extension';
import { control, delay, fake, fakeUrl } from './support/fake';
import { extensionId, libraryApi } from './support/session';
import { ExtensionLogReader, workbench, workbenchUiAvailable } from './support/workbench';

const SETUP_TITLE = 'Set Up Spotify Client ID';

describe('Sign-in through the redirect page (remote-style window)', function () {
  this.timeout(60_000);
  let api: LibraryExtensionApi;
  let started = false;
  let ui = false;
  const settings = () => vscode.workspace.getConfiguration('spotifyLibrary');
  let configuredFlow: unknown;

  before(async function () {
    // A local desktop window (runDesktopTests) signs in by loopback; its browser stand-in opens no vscode:// links.
    if (!fakeUrl || !vscode.env.remoteName) this.skip();
    api = await libraryApi();
    started = true;
    ui = await workbenchUiAvailable();
    configuredFlow = settings().inspect('signInFlow')?.globalValue;
    // Chosen by where VS Code runs, as for a user.
    await settings().update('signInFlow', 'auto', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!started) return; // skipped before it started
    await settings().update('signInFlow', configuredFlow, vscode.ConfigurationTarget.Global);
    await api.auth.signOut();
    await fake.reset();
  });

  beforeEach(async () => {
    await api.auth.signOut();
    await control('/__fake/reset', { revokeTokens: true, liked: 20, playlists: 2 });
    if (ui) {
      await workbench.closeQuickInput();
      await workbench.clearNotifications();
    }
  });

  it('this window is remote-style: a web UI with the extension on the workspace side', () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    assert.ok(vscode.env.remoteName, 'the extension host is remote from the browser');
    assert.equal(vscode.extensions.getExtension(extensionId)?.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('signs in through the redirect page and the URI handler, with no pasting', async () => {
    const log = ExtensionLogReader.fromNow();
    await fake.configure({ autoApprove: true });
    const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
    assert.equal(session.account.label, 'Fake Listener');

    const opens = (await fake.browserOpens()).map((open) => new URL(open.url));
    const authorize = opens.find((url) => url.pathname === '/authorize');
    assert.ok(authorize, 'the consent page was opened');
    const redirectPage = `${fakeUrl}/redirect`;
    assert.equal(authorize.searchParams.get('redirect_uri'), redirectPage);
    // state names the extension's callback, reachable from the browser through the workbench.
    const callback = new URL(decodeURIComponent(authorize.searchParams.get('state')!));
    assert.match(callback.pathname, /\/callback$/, `the workbench's callback page: ${callback.origin}${callback.pathname}`);
    assert.equal(callback.searchParams.get('vscode-authority'), 'spotify-library-dev.library-for-spotify');
    assert.equal(callback.searchParams.get('vscode-path'), '/did-authenticate');
    assert.match(callback.searchParams.get('vscode-query') ?? '', /^nonce=/);
    assert.ok(opens.some((url) => `${url.origin}${url.pathname}` === redirectPage), 'the browser went through the redirect page');
    const back = opens.find((url) => url.pathname === callback.pathname && url.searchParams.has('code'));
    assert.ok(back, 'the redirect page forwarded the code to the workbench');
    assert.equal(back.searchParams.get('vscode-query'), callback.searchParams.get('vscode-query'));
    assert.ok(!opens.some((url) => url.pathname === '/callback'), 'no loopback server was involved');

    if (log) {
      await log.matching(/\[auth\] Signing in with the redirect flow/);
      await log.matching(/\[auth\] Received the sign-in through the redirect page\./);
    }
    if (ui) assert.equal(await workbench.quickInput(), undefined, 'nothing asked to paste an address');
  });

  it('takes a callback only with a nonce it waits for: a replayed or forged one is ignored', async () => {
    const log = ExtensionLogReader.fromNow();
    assert.ok(log, 'the code-server harness has the extension log');
    await fake.configure({ autoApprove: true });
    const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
    const back = (await fake.browserOpens()).map((open) => new URL(open.url)).find((url) => url.pathname.endsWith('/callback') && url.searchParams.has('code'));
    assert.ok(back);
    const usedNonce = new URLSearchParams(back.searchParams.get('vscode-query') ?? '').get('nonce');
    assert.ok(usedNonce);
    // The workbench answers each callback address once; a fresh one carries the old (or a forged)
    // nonce to the URI handler, through the browser as the redirect page would.
    for (const nonce of [usedNonce, 'forged']) {
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}/did-authenticate?nonce=${encodeURIComponent(nonce)}`));
      const forward = new URL(external.toString(true));
      forward.searchParams.append('code', 'replayed');
      forward.searchParams.append('state', 'x');
      assert.ok(await vscode.env.openExternal(vscode.Uri.parse(forward.href, true)));
    }
    const deadline = Date.now() + 10_000;
    while (log.lines().filter((line) => /Ignored \/did-authenticate: no sign-in here waits for it/.test(line)).length < 2 && Date.now() < deadline) await delay(100);
    assert.equal(log.lines().filter((line) => /Ignored \/did-authenticate: no sign-in here waits for it/.test(line)).length, 2, log.lines().join('\n'));
    assert.equal((await api.auth.getSessions())[0]?.id, session.id, 'the session is the one the first callback made');
  });

  it('stops before the browser opens when the app does not list the redirect page, and names it', async function () {
    const log = ExtensionLogReader.fromNow();
    await fake.configure({ autoApprove: true, redirectPageRegistered: false });
    await assert.rejects(api.auth.createSession([...SPOTIFY_SCOPES]), (error: { reason?: string; message: string }) => {
      assert.equal(error.reason, 'redirectUriNotRegistered');
      assert.ok(error.message.includes(`add exactly ${fakeUrl}/redirect under Redirect URIs`), error.message);
      return true;
    });
    assert.deepEqual(await fake.browserOpens(), [], 'no browser tab for a sign-in that cannot work');
    if (log) await log.matching(new RegExp(`\\[auth\\] Sign-in failed: Your Spotify app does not list the redirect URI ${fakeUrl}/redirect\\.`));
  });

  it('the Client ID setup names both redirect URIs, this window’s (the redirect page) first', async function () {
    if (!ui) this.skip();
    const setUp = Promise.resolve(vscode.commands.executeCommand('spotifyLibrary.setUpClientId'));
    setUp.catch(() => undefined);
    const shown = await workbench.waitForQuickInput((input) => input.title === `${SETUP_TITLE} (1/2)`, 'explaining the setup');
    const copy = shown.items.filter((item) => item.label.startsWith('Copy the redirect URI'));
    assert.deepEqual(
      copy.map((item) => [item.label, item.description]),
      [
        ['Copy the redirect URI', `${fakeUrl}/redirect`],
        ['Copy the redirect URI for desktop windows', 'http://127.0.0.1/callback'],
      ],
    );
    assert.match(copy[0].detail, /Add exactly this under Redirect URIs/);
    assert.match(copy[1].detail, /Add this one too/);
    await workbench.closeQuickInput();
    assert.equal(await setUp, undefined);
  });
});
