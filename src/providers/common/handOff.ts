// What getTicket fetched moments ago, handed once to the listMessages call the panel makes
// right after it (vendors whose ticket detail carries the conversation, or who fetch both
// side by side), so opening a ticket costs one round of requests instead of two.

export class HandOff<T> {
  private held: { key: string; at: number; value: T } | undefined;

  constructor(
    private readonly freshMs: number,
    private readonly now: () => number,
  ) {}

  put(key: string, value: T): void {
    this.held = { key, at: this.now(), value };
  }

  /** The value held for `key` if it is fresh; either way it is handed out at most once. */
  take(key: string): T | undefined {
    const held = this.held;
    if (!held || held.key !== key) return undefined;
    this.held = undefined;
    return this.now() - held.at > this.freshMs ? undefined : held.value;
  }

  /** A write changed the ticket: what was fetched before it is stale. */
  clear(): void {
    this.held = undefined;
  }
}
