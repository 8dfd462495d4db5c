/**
 * The stored session: one SecretStorage entry that every VS Code window shares. Reads, writes,
 * compare-and-delete, and the change events other windows cause, so the authentication provider
 * keeps to sessions and sign-in. Node-only (SecretStorage is structural) so it is unit-tested in
 * plain Node against a model of SecretStorage.
 */
import { Emitter, type Event } from '../common/emitter';
import { messageOf } from '../common/errorMessage';
import type { Logger } from '../common/logger';
import {
  parseStoredSession,
  sameStoredSession,
  serializeStoredSession,
  SESSION_SECRET_KEY,
  type StoredSession,
} from './storedSession';
import type { SessionStore } from './tokenManager';

/** What this class needs of vscode.SecretStorage (one store shared by every window, events asynchronous). */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  onDidChange(listener: (event: { key: string }) => unknown): { dispose(): unknown };
}

export interface SessionChange {
  previous: StoredSession | undefined;
  next: StoredSession | undefined;
}

export class SessionStorage implements SessionStore {
  readonly #changed = new Emitter<SessionChange>();
  /** The session this window knows changed (its own write, or another window's). */
  readonly onDidChange: Event<SessionChange> = this.#changed.event;

  readonly #secrets: SecretStore;
  readonly #logger: Logger;
  readonly #secretListener: { dispose(): unknown };

  /** The first read of the secret; every method waits for it. */
  readonly #loaded: Promise<void>;
  /** The stored session as last read or written. */
  #current: StoredSession | undefined;
  /** Writes of ours still under way: a read meanwhile may see the value before them. */
  #pendingWrites = 0;
  /** Bumped by every change of #current: a read of the secret begun before it is stale. */
  #version = 0;

  constructor(secrets: SecretStore, logger: Logger) {
    this.#secrets = secrets;
    this.#logger = logger;
    this.#loaded = this.#readSecret().then((stored) => {
      if (this.#version === 0) this.#current = stored;
    });
    this.#secretListener = secrets.onDidChange((event) => {
      if (event.key === SESSION_SECRET_KEY) void this.#syncWithSecret();
    });
  }

  dispose(): void {
    this.#secretListener.dispose();
    this.#changed.dispose();
  }

  /** The session as this window knows it (no round trip to SecretStorage). */
  async read(): Promise<StoredSession | undefined> {
    await this.#loaded;
    return this.#current;
  }

  /** Saves a new session (sign-in). Rejects, changing nothing, when SecretStorage refuses it. */
  async store(next: StoredSession): Promise<void> {
    await this.#loaded;
    await this.#write(() => this.#secrets.store(SESSION_SECRET_KEY, serializeStoredSession(next)));
    this.#adopt(next);
  }

  /**
   * Refreshed tokens of the current session. They are adopted before they are saved: Spotify may
   * already have retired the old refresh token, so a failed save must not lose them (this window
   * keeps them; rejects so the caller can say so).
   */
  async update(next: StoredSession): Promise<void> {
    if ((await this.read())?.id !== next.id) return;
    this.#adopt(next);
    await this.#write(() => this.#secrets.store(SESSION_SECRET_KEY, serializeStoredSession(next)));
  }

  /** Signs out of `sessionId`. Rejects, still signed in, when SecretStorage refuses. */
  async remove(sessionId: string): Promise<void> {
    if ((await this.read())?.id !== sessionId) return;
    await this.#write(() => this.#secrets.delete(SESSION_SECRET_KEY));
    this.#adopt(undefined);
  }

  /**
   * Ends `failed` (Spotify refused its refresh token), unless another window replaced it: reads
   * SecretStorage itself, deletes only while it still holds that refresh token, and otherwise
   * adopts and returns what is stored.
   */
  async removeIfUnchanged(failed: StoredSession): Promise<StoredSession | undefined> {
    await this.#loaded;
    const stored = await this.#readSecret();
    if (stored && (stored.id !== failed.id || stored.refreshToken !== failed.refreshToken)) {
      this.#adopt(stored);
      return stored;
    }
    try {
      if (stored) await this.#write(() => this.#secrets.delete(SESSION_SECRET_KEY));
    } catch (error) {
      // Its refresh token is dead either way: the next window to try it ends it again.
      this.#logger.error(`Deleting the ended session failed: ${messageOf(error)}`);
    }
    this.#adopt(undefined);
    return undefined;
  }

  async #readSecret(): Promise<StoredSession | undefined> {
    try {
      const text = await this.#secrets.get(SESSION_SECRET_KEY);
      const session = parseStoredSession(text);
      if (text && !session) this.#logger.warn('The stored session could not be read; it is ignored.');
      return session;
    } catch (error) {
      this.#logger.error(`Reading the stored session failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  async #write(write: () => Thenable<void>): Promise<void> {
    this.#pendingWrites++;
    try {
      await write();
    } finally {
      this.#pendingWrites--;
    }
    // A change from another window may have arrived while ours was being written.
    if (this.#pendingWrites === 0) void this.#syncWithSecret();
  }

  #adopt(next: StoredSession | undefined): void {
    const previous = this.#current;
    this.#version++;
    this.#current = next;
    if (!sameStoredSession(previous, next)) this.#changed.fire({ previous, next });
  }

  /** SecretStorage changed (another window, or ours): adopt what is stored. */
  async #syncWithSecret(): Promise<void> {
    if (this.#pendingWrites > 0) return; // checked again once the write finishes
    await this.#loaded;
    const version = this.#version;
    const stored = await this.#readSecret();
    // A write of ours started meanwhile: what was read may predate it; its own check follows.
    if (this.#pendingWrites > 0 || version !== this.#version) return;
    if (sameStoredSession(this.#current, stored)) return;
    // An older state of our session: a refresh of ours could not be saved, and ours is newer.
    if (stored && stored.id === this.#current?.id && stored.expiresAt < this.#current.expiresAt) return;
    this.#logger.info('The stored session changed in another window.');
    this.#adopt(stored);
  }
}
