/**
 * A small in-process cache whose concurrent misses share one load, so a burst of identical
 * requests costs one query. Bounded: the oldest entry goes first.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { expiresAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.#entries.delete(key);
    this.#entries.set(key, { expiresAt: now + this.ttlMs, value });
    // A failed load must not be served from the cache.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }
}
