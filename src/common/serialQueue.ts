/**
 * Runs tasks one after another, in the order they were queued. A task that fails is handed to
 * `onError` and never stops the tasks queued after it.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Queues `task`; the promise resolves (never rejects) once it and everything before it ran. */
  run(task: () => Promise<void> | void): Promise<void> {
    this.#tail = this.#tail.then(task).catch((error: unknown) => {
      try {
        this.#onError(error);
      } catch {
        // A failing error report must not poison the queue either.
      }
    });
    return this.#tail;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.#tail;
  }
}
