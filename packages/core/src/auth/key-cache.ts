import type { Caller } from "./key-authenticator.ts";

/** A successful key lookup as the cache keeps it. */
export interface CachedKey {
  caller: Caller;
  /** Checked against the clock on every hit: a rolled key's grace ends on time, cache or not. */
  expiresAt: Date | null;
  /** When the key was last recorded as used, so hits keep the once-a-minute touch going. */
  lastUsedAt: Date | null;
}

interface Entry {
  key: CachedKey;
  storedAt: number;
}

export const KEY_CACHE_MAX_ENTRIES = 10_000;
/** A backstop only: invalidations, not the TTL, make changes take effect. */
export const KEY_CACHE_TTL_MS = 60_000;

/**
 * Digest of a presented key -> its successful lookup, on one API replica. It answers only while
 * `isTrusted()` says this replica would have heard every invalidation (see
 * key-invalidation-listener.ts); otherwise every request goes to PostgreSQL as without a cache.
 *
 * `generation` moves on every drop or clear, and `store` refuses a lookup that started under an
 * older generation: a lookup that read the row before a revocation committed, and returns after
 * the revocation's invalidation was applied here, must not put the old row back.
 */
export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #isTrusted: () => boolean;
  #generation = 0;

  constructor(options: { isTrusted: () => boolean; maxEntries?: number; ttlMs?: number }) {
    this.#isTrusted = options.isTrusted;
    this.#maxEntries = options.maxEntries ?? KEY_CACHE_MAX_ENTRIES;
    this.#ttlMs = options.ttlMs ?? KEY_CACHE_TTL_MS;
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(digest: string): CachedKey | undefined {
    if (!this.#isTrusted()) return undefined;
    const entry = this.#entries.get(digest);
    if (!entry) return undefined;
    if (performance.now() - entry.storedAt >= this.#ttlMs) {
      this.#entries.delete(digest);
      return undefined;
    }
    return entry.key;
  }

  /** Keeps a lookup that started when `generation` was `startedAt`, unless anything was dropped since. */
  store(digest: string, key: CachedKey, startedAt: number): void {
    if (startedAt !== this.#generation || !this.#isTrusted()) return;
    this.#entries.delete(digest);
    this.#entries.set(digest, { key, storedAt: performance.now() });
    // Map iterates in insertion order, so the first entry is the oldest.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets one digest (an expired key found on a hit). */
  forget(digest: string): void {
    this.#generation += 1;
    this.#entries.delete(digest);
  }

  /** Drops every entry of these keys and accounts. A scan: invalidations are rare, the map bounded. */
  drop(target: { keyIds: readonly string[]; accountIds: readonly string[] }): void {
    this.#generation += 1;
    const keyIds = new Set(target.keyIds);
    const accountIds = new Set(target.accountIds);
    for (const [digest, entry] of this.#entries) {
      if (keyIds.has(entry.key.caller.keyId) || accountIds.has(entry.key.caller.accountId)) {
        this.#entries.delete(digest);
      }
    }
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
