/**
 * Which way the browser's redirect comes back to VS Code. Pure, so the table of environments is
 * unit-tested; the provider feeds it vscode.env.uiKind / remoteName / the extension's kind.
 */

import type { SignInFlowSetting } from '../common/config';

export type SignInFlowKind = 'loopback' | 'paste';

export interface SignInEnvironment {
  uiKind: 'desktop' | 'web';
  /** vscode.env.remoteName: 'ssh-remote', 'wsl', 'codespaces', ... or undefined for a local window. */
  remoteName: string | undefined;
  /**
   * Where this extension host runs. In a remote window an extension of kind ["ui","workspace"]
   * usually runs on the local (UI) side, where the browser reaches 127.0.0.1. Defaults to
   * 'workspace' in remote windows, the cautious guess.
   */
  extensionRunsOn?: 'ui' | 'workspace';
}

/**
 * 'auto' uses the loopback redirect only where the browser and the extension host share a machine:
 * a desktop window, local or with the extension on the UI side. In web windows (vscode.dev,
 * Codespaces in a browser, serve-web) the host is elsewhere, so the user pastes the address.
 */
export function chooseSignInFlow(setting: SignInFlowSetting | string, environment: SignInEnvironment): SignInFlowKind {
  if (setting === 'loopback' || setting === 'paste') return setting;
  if (environment.uiKind === 'web') return 'paste';
  if (!environment.remoteName) return 'loopback';
  return (environment.extensionRunsOn ?? 'workspace') === 'ui' ? 'loopback' : 'paste';
}
