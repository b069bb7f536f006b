import pg from "pg";
import {
  INVALIDATION_BOUND_MS,
  INVALIDATION_PING_EVERY_MS,
  type InvalidationTarget,
  isStrings,
} from "./key-invalidation-protocol.ts";

/** The channel the triggers of migration 20261209090000_key_change_notify notify on. */
export const KEY_CHANGE_CHANNEL = "sieve_key_changes";

const RECONNECT_MS = 1_000;

export interface KeyChangeHandlers {
  /** Keys or accounts changed in the database (or, for a payload not understood, anything did). */
  changed(target: InvalidationTarget): void;
  /** The feed stopped listening: changes committed until it listens again are not heard. */
  lost(): void;
}

export interface KeyChangeFeed {
  /** Whether every change committed more than B ago has been heard. */
  listening(): boolean;
  close(): Promise<void>;
}

function targetOf(payload: string | undefined): InvalidationTarget {
  try {
    const parsed: unknown = JSON.parse(payload ?? "");
    if (typeof parsed === "object" && parsed !== null) {
      const { keyIds, accountIds } = parsed as Record<string, unknown>;
      const ids = (value: unknown) => (isStrings(value) ? value : undefined);
      if (ids(keyIds) || ids(accountIds))
        return { keyIds: ids(keyIds) ?? [], accountIds: ids(accountIds) ?? [] };
    }
  } catch {}
  return { all: true };
}

/**
 * The database's own word on changes to keys and accounts, for a replica's key cache: LISTEN on a
 * connection of its own. Unlike Sieve's writers, a change made in SQL by hand announces itself
 * nowhere else, and nobody waits for this feed to hear it: it reaches the cache a moment after
 * its commit, not before it returns.
 *
 * `listening()` holds the Redis subscriber's rule (key-invalidation-listener.ts): PostgreSQL
 * sends an idle connection its notifications as they commit, ahead of the answer to any later
 * query, so a `SELECT 1` sent less than B ago and answered means every change committed before
 * it was heard. A connection that dies without a word (a cut network) stops being trusted within
 * B. Any loss is reported (`lost`) and the feed reconnects, every second, until closed.
 */
export function listenForKeyChanges(
  deps: {
    /** The replica's pool: the feed opens a connection of its own with the pool's settings. */
    pool: pg.Pool;
    onError?: (error: unknown) => void;
  },
  handlers: KeyChangeHandlers,
): KeyChangeFeed {
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  let answeredPingSentAt = Number.NEGATIVE_INFINITY;
  let reconnect: NodeJS.Timeout | undefined;

  function lose(from: pg.Client, error?: unknown): void {
    if (from !== client) return;
    if (error) deps.onError?.(error);
    client = undefined;
    connected = false;
    answeredPingSentAt = Number.NEGATIVE_INFINITY;
    handlers.lost();
    from.end().catch(() => {});
    if (!closed) reconnect = setTimeout(connect, RECONNECT_MS).unref();
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({
      ...deps.pool.options,
      application_name: "sieve key cache",
      connectionTimeoutMillis: INVALIDATION_BOUND_MS,
      keepAlive: true,
    });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === KEY_CHANGE_CHANNEL) handlers.changed(targetOf(message.payload));
    });
    next.on("error", (error) => lose(next, error));
    next.on("end", () => lose(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
    } catch (error) {
      lose(next, error);
      return;
    }
    if (next !== client) return;
    // Lookups made before the LISTEN took effect may hold rows of changes nobody heard.
    handlers.lost();
    connected = true;
    ping();
  }

  function ping(): void {
    const at = client;
    if (!at || !connected) return;
    const sentAt = performance.now();
    at.query("SELECT 1").then(
      () => {
        if (at === client) answeredPingSentAt = Math.max(answeredPingSentAt, sentAt);
      },
      (error: unknown) => lose(at, error),
    );
  }

  void connect();
  const pinger = setInterval(ping, INVALIDATION_PING_EVERY_MS);
  pinger.unref();

  return {
    listening: () => connected && performance.now() - answeredPingSentAt < INVALIDATION_BOUND_MS,
    async close() {
      closed = true;
      clearInterval(pinger);
      clearTimeout(reconnect);
      const last = client;
      client = undefined;
      connected = false;
      await last?.end().catch(() => {});
    },
  };
}
