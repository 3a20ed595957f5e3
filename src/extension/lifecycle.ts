// Disposal in one place: whatever a class creates, it registers here and releases on dispose.
import type { Disposable } from 'vscode';

export interface IDisposable {
  dispose(): unknown;
}

export function toDisposable(fn: () => unknown): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      return fn();
    },
  };
}

/** Holds disposables and disposes them once, newest first; adding after dispose disposes at once. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
    } else {
      this.items.add(item);
    }
    return item;
  }

  /** Disposes one item now and forgets it. */
  delete(item: IDisposable): void {
    if (this.items.delete(item)) void item.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        void item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
  }
}

/** Base class for objects that own disposables. */
export abstract class DisposableObject implements Disposable {
  protected readonly store = new DisposableStore();

  protected register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  dispose(): void {
    this.store.dispose();
  }
}
