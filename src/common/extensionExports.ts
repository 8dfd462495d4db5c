import type { ExtensionMode } from 'vscode';

/** vscode.ExtensionMode.Test; a type-only import keeps this file loadable in plain Node for its unit test. */
const EXTENSION_MODE_TEST = 3 as ExtensionMode;

/**
 * What activate() hands to `extension.exports`: the parts integration tests drive, only when VS
 * Code runs the extension's tests. Any other extension could read the exports, and the parts hold
 * the session (its access token), so in normal use there are none.
 */
export function exportsFor<T>(mode: ExtensionMode, parts: T): T | undefined {
  return mode === EXTENSION_MODE_TEST ? parts : undefined;
}
