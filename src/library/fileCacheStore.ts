import * as vscode from 'vscode';
import type { CachedLibrary, LibraryCacheStore } from './libraryModel';

/**
 * The library cache as one JSON file per account in the extension's global storage: records
 * only, never a token. Uses workspace.fs so it also works where Node's fs is not available.
 */
export class FileLibraryCacheStore implements LibraryCacheStore {
  readonly #folder: vscode.Uri;

  constructor(folder: vscode.Uri) {
    this.#folder = folder;
  }

  async load(accountId: string): Promise<CachedLibrary | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.#fileFor(accountId));
      return JSON.parse(new TextDecoder().decode(bytes)) as CachedLibrary;
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  async save(accountId: string, library: CachedLibrary): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.#folder);
    const target = this.#fileFor(accountId);
    const temporary = target.with({ path: `${target.path}.tmp` });
    // Write then rename, so a crash mid-write never leaves a torn cache.
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(JSON.stringify(library)));
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  }

  async delete(accountId: string): Promise<void> {
    await vscode.workspace.fs.delete(this.#fileFor(accountId), { useTrash: false }).then(undefined, () => undefined);
  }

  #fileFor(accountId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.#folder, `library-${encodeURIComponent(accountId)}.json`);
  }
}
