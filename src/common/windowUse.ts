import { Emitter } from './emitter';

/**
 * Whether the user has used the extension in this window yet: the Library view shown, or an
 * action of theirs that reads the player. The extension starts with every window (so a Spotify
 * link explains itself on hover); until this window is in use, nothing reads Spotify on its own
 * (no revalidation of the cached library, no player read). Once in use, it stays so.
 */
export class WindowUse {
  #inUse = false;
  readonly #began = new Emitter<void>();
  /** Fires once, when the window comes into use. */
  readonly onDidBegin = this.#began.event;

  get inUse(): boolean {
    return this.#inUse;
  }

  begin(): void {
    if (this.#inUse) return;
    this.#inUse = true;
    this.#began.fire();
    this.#began.dispose();
  }

  /** Runs `work` now when the window is in use, else once it comes into use; dispose to drop it. */
  whenInUse(work: () => void): { dispose(): void } {
    if (this.#inUse) {
      work();
      return { dispose: () => undefined };
    }
    return this.onDidBegin(work);
  }
}
