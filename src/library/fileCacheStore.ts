import * as vscode from 'vscode';
import { type CacheFiles, MarkedCacheStore } from './markedCacheStore';

/**
 * The library cache in the extension's global storage (markedCacheStore.ts says how), through
 * workspace.fs so it also works where Node's fs is not available.
 */
export class FileLibraryCacheStore extends MarkedCacheStore {
  constructor(folder: vscode.Uri) {
    super(workspaceFiles(folder));
  }
}

function workspaceFiles(folder: vscode.Uri): CacheFiles {
  const uri = (name: string) => vscode.Uri.joinPath(folder, name);
  return {
    async read(name) {
      try {
        return await vscode.workspace.fs.readFile(uri(name));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },
    async write(name, bytes) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(uri(name), bytes);
    },
    rename: (from, to) => renameOverwriting(uri(from), uri(to)),
    async remove(name) {
      await vscode.workspace.fs.delete(uri(name), { useTrash: false }).then(undefined, () => undefined);
    },
    async modifiedAt(name) {
      return vscode.workspace.fs.stat(uri(name)).then((stat) => stat.mtime, () => undefined);
    },
  };
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
