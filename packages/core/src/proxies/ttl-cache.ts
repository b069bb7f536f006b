/**
 * A small in-process cache for values that may be slightly stale. Concurrent misses share one
 * load; once an entry expires it is still served while a refresh runs in the background, so no
 * caller waits on a reload. Background refreshes queue for a few slots: with many keys expiring
 * together, refreshing them all at once would compete with the callers they exist to spare.
 * Bounded: the oldest entry goes first.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { expiresAt: number; value: Promise<V>; refreshing: boolean }>();
  readonly #waiting: (() => Promise<void>)[] = [];
  #running = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly maxConcurrentRefreshes = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs === 0) return load();
    const hit = this.#entries.get(key);
    if (!hit) return this.#load(key, load);
    if (hit.expiresAt <= Date.now() && !hit.refreshing) {
      hit.refreshing = true;
      this.#waiting.push(() =>
        new Promise<V>((resolve) => resolve(load())).then(
          (value) => this.#store(key, Promise.resolve(value)),
          () => {
            if (this.#entries.get(key) === hit) this.#entries.delete(key);
          },
        ),
      );
      this.#drain();
    }
    return hit.value;
  }

  /** Loads the value again now, for callers that know the cached one is out of date. */
  reload(key: string, load: () => Promise<V>): Promise<V> {
    this.#entries.delete(key);
    return this.get(key, load);
  }

  #drain(): void {
    while (this.#running < this.maxConcurrentRefreshes && this.#waiting.length > 0) {
      const refresh = this.#waiting.shift()!;
      this.#running++;
      void refresh().finally(() => {
        this.#running--;
        this.#drain();
      });
    }
  }

  #load(key: string, load: () => Promise<V>): Promise<V> {
    const value = load();
    this.#store(key, value);
    // A failed load must not be served from the cache.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  #store(key: string, value: Promise<V>): void {
    this.#entries.delete(key);
    this.#entries.set(key, { expiresAt: Date.now() + this.ttlMs, value, refreshing: false });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
