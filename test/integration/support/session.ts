// The extension under test and its Spotify session: signing in through the real browser flow
// (the fake approves at once), signing out, and starting from an empty library cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPOTIFY_SCOPES } from '../../../src/auth/spotifyOAuth';
import type { LibraryExtensionApi } from '../../../src/extension';
import { delay, fake } from './fake';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
export const extensionId = `${manifest.publisher}.${manifest.name}`;

export async function libraryApi(): Promise<LibraryExtensionApi> {
  const extension = vscode.extensions.getExtension<LibraryExtensionApi>(extensionId);
  assert.ok(extension, `${extensionId} is loaded`);
  return extension.activate();
}

/** Signs out (if signed in) and waits until the tree shows it. */
export async function signOut(api: LibraryExtensionApi): Promise<void> {
  await api.auth.signOut();
  await api.whenSessionSynced();
}

/**
 * Signs in through the provider's own createSession: VS Code's getSession({createIfNone}) first
 * asks for consent in a dialog, which the test workbench refuses to show. The consent page still
 * opens in the real browser; the fake approves it at once.
 */
export async function signIn(api: LibraryExtensionApi): Promise<vscode.AuthenticationSession> {
  await fake.configure({ autoApprove: true });
  const session = await api.auth.createSession([...SPOTIFY_SCOPES]);
  await api.whenSessionSynced();
  return session;
}

/**
 * A new session on a library nothing has been loaded from: signed out, cache file gone, the fake
 * reset to its default library (faults, switches, log and browser opens cleared), signed in.
 */
export async function signInFresh(api: LibraryExtensionApi): Promise<vscode.AuthenticationSession> {
  await signOut(api);
  await clearLibraryCache();
  await fake.reset();
  const session = await signIn(api);
  assert.equal(api.model.liked.isLoaded, false, 'precondition: nothing restored from a library cache');
  assert.equal(api.model.playlists.isLoaded, false, 'precondition: nothing restored from a library cache');
  return session;
}

/**
 * Where the extension keeps its library cache: its global storage folder in the run's user-data
 * folder. Known under the code-server harness only (TMPDIR is <run>/tmp there).
 */
export function libraryCacheFolder(): string | undefined {
  if (!process.env.TMPDIR) return undefined;
  const globalStorage = path.join(process.env.TMPDIR, '..', 'user-data', 'User', 'globalStorage');
  return fs.existsSync(globalStorage) ? path.join(globalStorage, extensionId.toLowerCase()) : undefined;
}

export function libraryCacheFile(accountId = 'fakeuser'): string | undefined {
  const folder = libraryCacheFolder();
  return folder && path.join(folder, `library-${encodeURIComponent(accountId)}.json`);
}

/**
 * Deletes the library cache. A sign-out flushes a pending save without waiting for it, so this
 * waits a moment and deletes again if a late write brought the file back.
 */
export async function clearLibraryCache(): Promise<void> {
  const folder = libraryCacheFolder();
  if (!folder) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    fs.rmSync(folder, { recursive: true, force: true });
    await delay(150);
    if (!fs.existsSync(folder)) return;
  }
}
