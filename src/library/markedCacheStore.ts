import type { CachedLibrary, LibraryCacheStore } from './libraryModel';

/**
 * The few file operations the cache needs, on names inside one folder: workspace.fs in the
 * extension (fileCacheStore.ts), a map in the unit tests.
 */
export interface CacheFiles {
  /** The file's bytes; undefined when there is no such file (any other failure throws). */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Creates or replaces the file (and the folder, when missing). */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Renames `from` to `to`, replacing `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes the file if it is there; never fails. */
  remove(name: string): Promise<void>;
  /** When the file was last written (epoch ms); undefined when it cannot be told. */
  modifiedAt(name: string): Promise<number | undefined>;
}

/**
 * The library cache as one JSON file per account: records only, never a token. Every window has
 * its own store over the same folder: a sign-out in one leaves a marker with its time, and a save
 * from a window that opened the account before that time is dropped, also one already under way.
 * The marker stays: only a window that opened the account after it (signed in again) writes.
 */
export class MarkedCacheStore implements LibraryCacheStore {
  readonly #files: CacheFiles;
  readonly #now: () => number;

  constructor(files: CacheFiles, now: () => number = Date.now) {
    this.#files = files;
    this.#now = now;
  }

  async load(accountId: string): Promise<unknown> {
    const bytes = await this.#files.read(fileFor(accountId));
    return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes));
  }

  async save(accountId: string, library: CachedLibrary, openedAt: number): Promise<void> {
    if (await this.#signedOutSince(accountId, openedAt)) return;
    const target = fileFor(accountId);
    // Its own temp name per write, so two windows saving at once never share (or leave) one.
    const temporary = `${target}.${this.#now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`;
    let renamed = false;
    try {
      // Write then rename, so a crash mid-write never leaves a torn cache.
      await this.#files.write(temporary, new TextEncoder().encode(JSON.stringify(library)));
      if (await this.#signedOutSince(accountId, openedAt)) return;
      await this.#files.rename(temporary, target);
      renamed = true;
    } finally {
      if (!renamed) await this.#files.remove(temporary);
    }
    // Signed out elsewhere between the check and the rename: take the file back out. The marker
    // is never removed: one written just after this check would be lost, and this window's next
    // save (before it hears of the sign-out) would bring the library back.
    if (await this.#signedOutSince(accountId, openedAt)) await this.#files.remove(target);
  }

  async delete(accountId: string): Promise<void> {
    // The marker first: a window writing meanwhile sees it after its rename and deletes its file.
    await this.#files.write(markerFor(accountId), new TextEncoder().encode(JSON.stringify({ signedOutAt: this.#now() })));
    await this.#files.remove(fileFor(accountId));
  }

  async #signedOutSince(accountId: string, openedAt: number): Promise<boolean> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.#files.read(markerFor(accountId));
    } catch {
      return false;
    }
    if (bytes === undefined) return false;
    let signedOutAt: unknown;
    try {
      signedOutAt = (JSON.parse(new TextDecoder().decode(bytes)) as { signedOutAt?: unknown }).signedOutAt;
    } catch {
      // A torn marker still says when it was written.
      signedOutAt = (await this.#files.modifiedAt(markerFor(accountId)).catch(() => undefined)) ?? Number.POSITIVE_INFINITY;
    }
    return typeof signedOutAt !== 'number' || signedOutAt >= openedAt;
  }
}

export function fileFor(accountId: string): string {
  return `library-${encodeURIComponent(accountId)}.json`;
}

export function markerFor(accountId: string): string {
  return `library-${encodeURIComponent(accountId)}.signed-out`;
}
