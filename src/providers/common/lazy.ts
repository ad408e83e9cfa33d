// A value fetched at most once per provider instance. A failure is not remembered, so the
// next caller asks again (a network blip must not poison the cache for the session).

export class Lazy<T> {
  private pending: Promise<T> | undefined;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.pending) {
      const attempt = this.load();
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** Replaces the cached value (e.g. after a call that returned it fresh). */
  set(value: T): void {
    this.pending = Promise.resolve(value);
  }
}
