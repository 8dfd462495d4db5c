// A LibraryCacheStore on a temp folder, like the extension's FileLibraryCacheStore (one JSON file per
// account, written then renamed) but on node:fs, since the benchmark runs without VS Code. A
// "restart" in the benchmark is a new LibraryModel reading this file back.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CachedLibrary, LibraryCacheStore } from '../src/library/libraryModel';

export class TempFileCacheStore implements LibraryCacheStore {
  private pending = new Set<Promise<void>>();
  bytesWritten = 0;

  constructor(readonly folder: string) {}

  async load(accountId: string): Promise<CachedLibrary | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.fileFor(accountId), 'utf8')) as CachedLibrary;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(accountId: string, library: CachedLibrary): Promise<void> {
    const write = (async () => {
      await fs.mkdir(this.folder, { recursive: true });
      const target = this.fileFor(accountId);
      const text = JSON.stringify(library);
      this.bytesWritten = Buffer.byteLength(text);
      await fs.writeFile(`${target}.tmp`, text);
      await fs.rename(`${target}.tmp`, target);
    })();
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write)).catch(() => undefined);
    return write;
  }

  async delete(accountId: string): Promise<void> {
    await fs.rm(this.fileFor(accountId), { force: true });
  }

  /** Resolves once no save is being written (the model also saves on a timer and on dispose). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async fileSize(accountId: string): Promise<number | undefined> {
    try {
      return (await fs.stat(this.fileFor(accountId))).size;
    } catch {
      return undefined;
    }
  }

  private fileFor(accountId: string): string {
    return path.join(this.folder, `library-${encodeURIComponent(accountId)}.json`);
  }
}
