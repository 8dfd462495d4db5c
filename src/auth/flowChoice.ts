/**
 * Which way the browser's redirect comes back to VS Code. Pure, so the table of environments is
 * unit-tested; the provider feeds it vscode.env.uiKind / remoteName / the extension's kind.
 */

export type SignInFlowKind = 'loopback' | 'redirect' | 'paste';

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
  /** False in the web build (web worker extension host): no server can listen there. Default true. */
  canListen?: boolean;
  /** False where no URI can reach the extension (no URI scheme known). Default true. */
  canReceiveUris?: boolean;
}

/**
 * 'auto' uses the loopback redirect only where the browser and the extension host share a machine:
 * a desktop window, local or with the extension on the UI side. In remote and web windows
 * (vscode.dev, Codespaces, serve-web, SSH with the extension on the remote side) the browser goes
 * through the redirect page (https://vscode.dev/redirect) back to VS Code's URI handler. Pasting
 * the address is the last resort, or what the user asked for. `setting` is a SignInFlowSetting, or
 * any string from a hand-edited settings.json, which acts as 'auto'.
 */
export function chooseSignInFlow(setting: string, environment: SignInEnvironment): SignInFlowKind {
  const canListen = environment.canListen ?? true;
  const canReceiveUris = environment.canReceiveUris ?? true;
  const fallback: SignInFlowKind = canReceiveUris ? 'redirect' : 'paste';
  if (setting === 'paste') return 'paste';
  if (setting === 'redirect') return canReceiveUris ? 'redirect' : 'paste';
  if (setting === 'loopback') return canListen ? 'loopback' : fallback;
  if (!canListen) return fallback;
  if (environment.uiKind === 'web') return fallback;
  if (!environment.remoteName) return 'loopback';
  return (environment.extensionRunsOn ?? 'workspace') === 'ui' ? 'loopback' : fallback;
}

/**
 * The redirect URIs the user's Spotify app must list (the Client ID setup names them), the one
 * this window signs in with first. With 'auto' both: desktop windows use the loopback address,
 * remote and web windows the redirect page, and one Client ID serves them all.
 */
export function redirectUrisToRegister(
  setting: string,
  chosen: SignInFlowKind,
  uris: { loopback: string; redirectPage: string },
): string[] {
  const first = chosen === 'redirect' ? uris.redirectPage : uris.loopback;
  const forced = setting === 'loopback' || setting === 'redirect' || setting === 'paste';
  if (forced) return [first];
  return [first, first === uris.loopback ? uris.redirectPage : uris.loopback];
}
