// The WSSE nonce cache. On the real server both guards keep their nonces as files in one
// directory (`cache/security/nonces`), keyed by the nonce string: a nonce used on one
// guard is refused on the other while it lives. Each guard stores with its own
// lifetime (Escape: the token lifetime, 3600 s; DiamanteDesk's guard: 300 s).

/** Inferred need: a sandbox left running must not grow without bound. */
const MAX_NONCES = 200_000;

export class NonceCache {
  private readonly expiries = new Map<string, number>();

  /** Whether the nonce is stored and not yet expired at `nowMs`. */
  contains(nonce: string, nowMs: number): boolean {
    const expires = this.expiries.get(nonce);
    if (expires === undefined) return false;
    if (expires > nowMs) return true;
    this.expiries.delete(nonce);
    return false;
  }

  save(nonce: string, nowMs: number, lifetimeSeconds: number): void {
    if (this.expiries.size >= MAX_NONCES) this.prune(nowMs);
    this.expiries.delete(nonce);
    this.expiries.set(nonce, nowMs + lifetimeSeconds * 1000);
  }

  get size(): number {
    return this.expiries.size;
  }

  clear(): void {
    this.expiries.clear();
  }

  private prune(nowMs: number): void {
    for (const [nonce, expires] of this.expiries) if (expires <= nowMs) this.expiries.delete(nonce);
    // Still full of live nonces: drop the oldest quarter (Map keeps insertion order).
    if (this.expiries.size >= MAX_NONCES) {
      let drop = Math.floor(MAX_NONCES / 4);
      for (const nonce of this.expiries.keys()) {
        if (drop-- <= 0) break;
        this.expiries.delete(nonce);
      }
    }
  }
}
