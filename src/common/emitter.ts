/**
 * A minimal event emitter with the shape of vscode.Event, for the layers that must run in plain
 * Node (the library model in unit tests and the benchmark).
 */
export type Event<T> = (listener: (value: T) => void) => { dispose(): void };

export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
