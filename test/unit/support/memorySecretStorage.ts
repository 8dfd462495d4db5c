import type { SecretStore } from '../../../src/auth/sessionStorage';

/**
 * VS Code's SecretStorage as several windows see it: one store shared by all of them; a change
 * event reaches every window (the writer's too) asynchronously, a little after the write, as
 * the real one's does. `failNextWrites` makes writes reject, as a locked keychain does.
 */
export class SharedSecrets {
  readonly values = new Map<string, string>();
  readonly #listeners = new Set<(event: { key: string }) => unknown>();
  /** How long a change event takes to reach the windows. */
  eventDelayMs = 5;
  /** How long a write takes to land (a slow keychain): reads meanwhile see the value before it. */
  writeDelayMs = 0;
  failNextWrites = 0;
  writes = 0;

  /** The SecretStorage of one window. */
  window(): SecretStore {
    return {
      get: async (key) => this.values.get(key),
      store: async (key, value) => {
        this.#failIfAsked();
        if (this.writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
        this.values.set(key, value);
        this.#announce(key);
      },
      delete: async (key) => {
        this.#failIfAsked();
        if (this.values.delete(key)) this.#announce(key);
      },
      onDidChange: (listener) => {
        this.#listeners.add(listener);
        return { dispose: () => this.#listeners.delete(listener) };
      },
    };
  }

  /** Resolves once the change events of every write so far have been delivered. */
  settled(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.eventDelayMs * 4));
  }

  #failIfAsked(): void {
    this.writes++;
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('The keychain is locked');
    }
  }

  #announce(key: string): void {
    setTimeout(() => {
      for (const listener of [...this.#listeners]) listener({ key });
    }, this.eventDelayMs);
  }
}
