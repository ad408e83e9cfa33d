// A minimal event emitter with the same listener shape as vscode.Event, so the
// vscode-free services (connections, tree model, panel controller) can notify the
// vscode adapters without importing vscode and stay testable in plain Node.

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // Copy first: a listener may unsubscribe while we iterate.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One faulty listener must not stop the others from hearing the event.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
