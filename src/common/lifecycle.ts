import type * as vscode from 'vscode';

/** Base for classes that own disposables: everything `_register`ed is disposed with the owner. */
export abstract class Disposable implements vscode.Disposable {
  readonly #disposables: vscode.Disposable[] = [];
  #disposed = false;

  protected get isDisposed(): boolean {
    return this.#disposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.#disposed) {
      disposable.dispose();
    } else {
      this.#disposables.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // Dispose in reverse order of registration, as a stack unwinds.
    for (const disposable of this.#disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch {
        // One failing dispose must not keep the rest alive.
      }
    }
  }
}
