import * as assert from 'node:assert/strict';
import { chooseSignInFlow, type SignInEnvironment, type SignInFlowKind } from '../../src/auth/flowChoice';
import type { SignInFlowSetting } from '../../src/common/config';

describe('auth: sign-in flow choice', () => {
  const desktop: SignInEnvironment = { uiKind: 'desktop', remoteName: undefined };
  const sshOnWorkspaceSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'ssh-remote', extensionRunsOn: 'workspace' };
  const sshOnUiSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'ssh-remote', extensionRunsOn: 'ui' };
  const wslUnknownSide: SignInEnvironment = { uiKind: 'desktop', remoteName: 'wsl' };
  const vscodeDev: SignInEnvironment = { uiKind: 'web', remoteName: undefined };
  const codespacesInBrowser: SignInEnvironment = { uiKind: 'web', remoteName: 'codespaces', extensionRunsOn: 'workspace' };

  const table: [string, SignInFlowSetting, SignInEnvironment, SignInFlowKind][] = [
    ['desktop, auto', 'auto', desktop, 'loopback'],
    ['remote (extension on the remote side), auto', 'auto', sshOnWorkspaceSide, 'paste'],
    ['remote (extension on the UI side), auto', 'auto', sshOnUiSide, 'loopback'],
    ['remote (side unknown), auto', 'auto', wslUnknownSide, 'paste'],
    ['web, auto', 'auto', vscodeDev, 'paste'],
    ['web in a remote, auto', 'auto', codespacesInBrowser, 'paste'],
    ['desktop, forced paste', 'paste', desktop, 'paste'],
    ['remote, forced paste', 'paste', sshOnUiSide, 'paste'],
    ['web, forced loopback (e.g. code-server on this machine)', 'loopback', codespacesInBrowser, 'loopback'],
    ['remote, forced loopback', 'loopback', sshOnWorkspaceSide, 'loopback'],
  ];

  for (const [name, setting, environment, expected] of table) {
    it(`${name} -> ${expected}`, () => {
      assert.equal(chooseSignInFlow(setting, environment), expected);
    });
  }

  it('treats an unknown setting value as auto', () => {
    assert.equal(chooseSignInFlow('sideways', desktop), 'loopback');
    assert.equal(chooseSignInFlow('sideways', vscodeDev), 'paste');
  });
});
