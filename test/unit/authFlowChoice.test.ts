import * as assert from 'node:assert/strict';
import { chooseSignInFlow, redirectUrisToRegister, type SignInEnvironment, type SignInFlowKind } from '../../src/auth/flowChoice';
import type { SignInFlowSetting } from '../../src/common/config';

describe('auth: sign-in flow choice', () => {
  const desktop: SignInEnvironment = { uiKind: 'desktop', remoteName: undefined };
  const sshOnWorkspaceSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'ssh-remote', extensionRunsOn: 'workspace' };
  const sshOnUiSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'ssh-remote', extensionRunsOn: 'ui' };
  const wslUnknownSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'wsl' };
  const vscodeDev: SignInEnvironment = { uiKind: 'web', remoteName: undefined, canListen: false };
  const codespacesInBrowser: SignInEnvironment = { uiKind: 'web', remoteName: 'codespaces', extensionRunsOn: 'workspace' };
  // code-server / serve-web: a web workbench, the Node extension host on the server.
  const codeServer: SignInEnvironment = { uiKind: 'web', remoteName: '127.0.0.1:8080', extensionRunsOn: 'workspace' };
  // The web build in a remote web window (code-server with the extension forced to the web worker).
  const webWorkerInRemote: SignInEnvironment = { uiKind: 'web', remoteName: '127.0.0.1:8080', extensionRunsOn: 'ui', canListen: false };
  const noUriScheme: SignInEnvironment = { uiKind: 'web', remoteName: undefined, canListen: false, canReceiveUris: false };
  const remoteNoUriScheme: SignInEnvironment = { ...sshOnWorkspaceSide, canReceiveUris: false };

  const table: [string, SignInFlowSetting | 'redirect', SignInEnvironment, SignInFlowKind][] = [
    ['desktop, auto', 'auto', desktop, 'loopback'],
    ['remote (extension on the remote side), auto', 'auto', sshOnWorkspaceSide, 'redirect'],
    ['remote (extension on the UI side), auto', 'auto', sshOnUiSide, 'loopback'],
    ['remote (side unknown), auto', 'auto', wslUnknownSide, 'redirect'],
    ['web (vscode.dev, web build), auto', 'auto', vscodeDev, 'redirect'],
    ['web in a remote, auto', 'auto', codespacesInBrowser, 'redirect'],
    ['code-server (web UI, Node host on the server), auto', 'auto', codeServer, 'redirect'],
    ['web worker in a remote web window, auto', 'auto', webWorkerInRemote, 'redirect'],
    ['no URI handler reachable, web build: paste is the last resort', 'auto', noUriScheme, 'paste'],
    ['no URI handler reachable, remote: paste is the last resort', 'auto', remoteNoUriScheme, 'paste'],
    ['desktop, forced paste', 'paste', desktop, 'paste'],
    ['remote, forced paste', 'paste', sshOnUiSide, 'paste'],
    ['web, forced paste', 'paste', vscodeDev, 'paste'],
    ['desktop, forced redirect', 'redirect', desktop, 'redirect'],
    ['forced redirect without a URI handler', 'redirect', noUriScheme, 'paste'],
    ['web, forced loopback (e.g. code-server on this machine)', 'loopback', codespacesInBrowser, 'loopback'],
    ['remote, forced loopback', 'loopback', sshOnWorkspaceSide, 'loopback'],
    ['web build, forced loopback: no server can listen', 'loopback', vscodeDev, 'redirect'],
    ['web build without a URI handler, forced loopback', 'loopback', noUriScheme, 'paste'],
  ];

  for (const [name, setting, environment, expected] of table) {
    it(`${name} -> ${expected}`, () => {
      assert.equal(chooseSignInFlow(setting, environment), expected);
    });
  }

  it('treats an unknown setting value as auto', () => {
    assert.equal(chooseSignInFlow('sideways', desktop), 'loopback');
    assert.equal(chooseSignInFlow('sideways', vscodeDev), 'redirect');
  });
});

describe('auth: the redirect URIs to register', () => {
  const uris = { loopback: 'http://127.0.0.1/callback', redirectPage: 'https://vscode.dev/redirect' };
  const table: [string, string, SignInFlowKind, string[]][] = [
    ['desktop, auto: this window’s loopback first, the redirect page for remote and web windows', 'auto', 'loopback', [uris.loopback, uris.redirectPage]],
    ['remote or web, auto: the redirect page first', 'auto', 'redirect', [uris.redirectPage, uris.loopback]],
    ['forced loopback: only that', 'loopback', 'loopback', [uris.loopback]],
    ['forced loopback where none can listen (web build): the redirect page', 'loopback', 'redirect', [uris.redirectPage]],
    ['forced redirect: only the redirect page', 'redirect', 'redirect', [uris.redirectPage]],
    ['forced paste: the loopback address the browser is sent to', 'paste', 'paste', [uris.loopback]],
  ];
  for (const [name, setting, chosen, expected] of table) {
    it(name, () => assert.deepEqual(redirectUrisToRegister(setting, chosen, uris), expected));
  }

  it('names a fixed port exactly', () => {
    assert.deepEqual(redirectUrisToRegister('auto', 'loopback', { ...uris, loopback: 'http://127.0.0.1:8888/callback' }), ['http://127.0.0.1:8888/callback', uris.redirectPage]);
  });
});
