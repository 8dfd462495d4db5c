import * as vscode from 'vscode';
import type { CachedLibrary, LibraryCacheStore } from './libraryModel';

/**
 * The library cache as one JSON file per account in the extension's global storage: records
 * only, never a token. Uses workspace.fs so it also works where Node's fs is not available.
 * Every window has its own store over the same folder: a sign-out in one leaves a marker with its
 * time, and a save from a window that opened the account before that time is dropped.
 */
export class FileLibraryCacheStore implements LibraryCacheStore {
  readonly #folder: vscode.Uri;

  constructor(folder: vscode.Uri) {
    this.#folder = folder;
  }

  async load(accountId: string): Promise<unknown> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.#fileFor(accountId));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  async save(accountId: string, library: CachedLibrary, openedAt: number): Promise<void> {
    if (await this.#signedOutSince(accountId, openedAt)) return;
    await vscode.workspace.fs.createDirectory(this.#folder);
    const target = this.#fileFor(accountId);
    // Its own temp name per write, so two windows saving at once never share (or leave) one.
    const temporary = target.with({ path: `${target.path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp` });
    let renamed = false;
    try {
      // Write then rename, so a crash mid-write never leaves a torn cache.
      await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(JSON.stringify(library)));
      if (await this.#signedOutSince(accountId, openedAt)) return;
      await renameOverwriting(temporary, target);
      renamed = true;
    } finally {
      if (!renamed) await deleteIfThere(temporary);
    }
    // Signed out elsewhere between the check and the rename: take the file back out.
    if (await this.#signedOutSince(accountId, openedAt)) await deleteIfThere(target);
    else await deleteIfThere(this.#markerFor(accountId)); // a window that opened the account since: signed in again
  }

  async delete(accountId: string): Promise<void> {
    // The marker first: a window writing meanwhile sees it after its rename and deletes its file.
    await vscode.workspace.fs.createDirectory(this.#folder);
    await vscode.workspace.fs.writeFile(this.#markerFor(accountId), new TextEncoder().encode(JSON.stringify({ signedOutAt: Date.now() })));
    await deleteIfThere(this.#fileFor(accountId));
  }

  async #signedOutSince(accountId: string, openedAt: number): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.#markerFor(accountId));
    } catch {
      return false;
    }
    let signedOutAt: unknown;
    try {
      signedOutAt = (JSON.parse(new TextDecoder().decode(bytes)) as { signedOutAt?: unknown }).signedOutAt;
    } catch {
      // A torn marker still says when it was written.
      signedOutAt = await vscode.workspace.fs.stat(this.#markerFor(accountId)).then((stat) => stat.mtime, () => Number.POSITIVE_INFINITY);
    }
    return typeof signedOutAt !== 'number' || signedOutAt >= openedAt;
  }

  #fileFor(accountId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.#folder, `library-${encodeURIComponent(accountId)}.json`);
  }

  #markerFor(accountId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.#folder, `library-${encodeURIComponent(accountId)}.signed-out`);
  }
}

function deleteIfThere(uri: vscode.Uri): Thenable<void> {
  return vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
}

/**
 * Rename with overwrite is delete-then-rename in VS Code's file services: when another window
 * replaces the target in between, the delete finds nothing. One more try then wins the race.
 */
async function renameOverwriting(from: vscode.Uri, to: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.rename(from, to, { overwrite: true });
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError) || (error.code !== 'FileNotFound' && error.name !== 'EntryNotFound')) throw error;
    await vscode.workspace.fs.rename(from, to, { overwrite: true });
  }
}
