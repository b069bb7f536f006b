export interface TtlCacheOptions {
  /** Entries kept; the oldest goes first. */
  maxEntries?: number;
  /** Background refreshes running at once. */
  maxConcurrentRefreshes?: number;
  /**
   * The share of its time a refresh slot may spend refreshing: after a refresh that took d ms the
   * slot rests d × (1 / share − 1) ms. With many keys in use, refreshing them back to back would
   * keep a slot (a database connection) busy for good; this bounds that work, and entries are
   * served stale for longer instead.
   */
  refreshShare?: number;
}

/**
 * A small in-process cache for values that may be slightly stale. Concurrent misses share one
 * load; once an entry expires it is still served while a refresh runs in the background, so no
 * caller waits on a reload. Background refreshes queue for a few slots: with many keys expiring
 * together, refreshing them all at once would compete with the callers they exist to spare.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { expiresAt: number; value: Promise<V>; refreshing: boolean }>();
  readonly #waiting: (() => Promise<void>)[] = [];
  #running = 0;

  private readonly maxEntries: number;
  private readonly maxConcurrentRefreshes: number;
  private readonly restPerBusyMs: number;

  constructor(
    private readonly ttlMs: number,
    options: TtlCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxConcurrentRefreshes = options.maxConcurrentRefreshes ?? Number.POSITIVE_INFINITY;
    this.restPerBusyMs = 1 / (options.refreshShare ?? 1) - 1;
  }

  /** `load` learns whether a caller waits for it (`background` false) or it refreshes a stale entry. */
  get(key: string, load: (how: { background: boolean }) => Promise<V>): Promise<V> {
    if (this.ttlMs === 0) return load({ background: false });
    const hit = this.#entries.get(key);
    if (!hit) return this.#load(key, load);
    if (hit.expiresAt <= Date.now() && !hit.refreshing) {
      hit.refreshing = true;
      this.#waiting.push(() =>
        new Promise<V>((resolve) => resolve(load({ background: true }))).then(
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

  /**
   * For callers that know the cached value is out of date: it is refreshed in the background as
   * an expired one is, and served until then.
   */
  refreshSoon(key: string, load: (how: { background: boolean }) => Promise<V>): void {
    const hit = this.#entries.get(key);
    if (!hit) return;
    hit.expiresAt = 0;
    // Queues the refresh; a first load still running is awaited (and its failure seen) by its caller.
    this.get(key, load).catch(() => {});
  }

  #drain(): void {
    while (this.#running < this.maxConcurrentRefreshes && this.#waiting.length > 0) {
      const refresh = this.#waiting.shift()!;
      this.#running++;
      const started = performance.now();
      const reopen = () => {
        this.#running--;
        this.#drain();
      };
      void refresh().finally(() => {
        const restMs = (performance.now() - started) * this.restPerBusyMs;
        if (restMs > 0) setTimeout(reopen, restMs).unref();
        else reopen();
      });
    }
  }

  #load(key: string, load: (how: { background: boolean }) => Promise<V>): Promise<V> {
    const value = load({ background: false });
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
