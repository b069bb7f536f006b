import type { Redis } from "ioredis";
import type { RedisClient } from "../redis.ts";
import { KeyCache } from "./key-cache.ts";
import type { KeyChangeFeed, KeyChangeHandlers } from "./key-change-feed.ts";
import {
  decodeInvalidation,
  INVALIDATION_BOUND_MS,
  INVALIDATION_PING_EVERY_MS,
  isAckChannelOf,
} from "./key-invalidation-protocol.ts";

export interface InvalidatedKeyCache {
  cache: KeyCache;
  /** Whether the cache may answer now (exposed for tests and logs). */
  trusted(): boolean;
  close(): Promise<void>;
}

/**
 * One replica's key cache and the dedicated subscriber connection that keeps it honest.
 *
 * The cache answers only while the connection is subscribed and the newest PING answered on it
 * was *sent* less than B ago. Redis answers one connection in order, so a pong for a ping that
 * Redis processed after an invalidation's PUBLISH comes after that message, whose handler
 * (synchronous) has already dropped the entries. A replica that has not seen the message has
 * only pongs for pings Redis processed before the PUBLISH, hence sent before it: its trust ends
 * less than B after the PUBLISH, which is how long a writer missing acks waits. Measuring from
 * the send, not the reply, keeps a reply delayed in the network from stretching the window.
 *
 * Any close of the connection clears the cache and withholds trust until it is subscribed again
 * and a new ping is answered: messages published meanwhile were lost.
 *
 * With `changes` (the database's feed, key-change-feed.ts) the cache also hears changes nobody
 * announced, such as SQL by hand, and answers only while that feed listens too.
 */
export function createInvalidatedKeyCache(deps: {
  /** A connection of its own (the API client's `duplicate()`), owned and closed here. */
  subscriber: Redis;
  /** Publishes the acks; a subscribed connection cannot. */
  publisher: RedisClient;
  channel: string;
  changes?: (handlers: KeyChangeHandlers) => KeyChangeFeed;
  onError?: (error: unknown) => void;
}): InvalidatedKeyCache {
  const { subscriber, channel } = deps;
  // Moves on every close and every new subscription: pings and subscriptions of an older
  // connection say nothing about the current one.
  let epoch = 0;
  let subscribed = false;
  let answeredPingSentAt = Number.NEGATIVE_INFINITY;
  const cache = new KeyCache({ isTrusted: () => trusted() });
  const feed = deps.changes?.({
    changed: (target) =>
      "all" in target
        ? cache.clear()
        : cache.drop({ keyIds: target.keyIds ?? [], accountIds: target.accountIds ?? [] }),
    lost: () => cache.clear(),
  });
  const trusted = () =>
    subscribed &&
    performance.now() - answeredPingSentAt < INVALIDATION_BOUND_MS &&
    (feed?.listening() ?? true);

  function lose(): void {
    epoch += 1;
    subscribed = false;
    answeredPingSentAt = Number.NEGATIVE_INFINITY;
    cache.clear();
  }

  function ping(): void {
    if (!subscribed) return;
    const at = epoch;
    const sentAt = performance.now();
    subscriber.ping().then(
      () => {
        if (at === epoch && subscribed) answeredPingSentAt = Math.max(answeredPingSentAt, sentAt);
      },
      () => {},
    );
  }

  async function subscribe(): Promise<void> {
    lose();
    const at = epoch;
    try {
      await subscriber.subscribe(channel);
    } catch (error) {
      deps.onError?.(error);
      return;
    }
    if (at !== epoch) return;
    // Lookups that started before this subscription may hold rows older than a lost message.
    cache.clear();
    epoch += 1;
    subscribed = true;
    ping();
  }

  subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    const message = decodeInvalidation(text);
    if (!message || message.all) cache.clear();
    else cache.drop(message);
    if (!message || !isAckChannelOf(channel, message.replyTo)) return;
    deps.publisher.publish(message.replyTo, message.nonce).catch((error: unknown) => deps.onError?.(error));
  });
  subscriber.on("close", lose);
  subscriber.on("ready", () => {
    subscribe().catch((error: unknown) => deps.onError?.(error));
  });
  subscriber.on("error", (error: Error) => deps.onError?.(error));
  if (subscriber.status === "ready") subscribe().catch((error: unknown) => deps.onError?.(error));
  const pinger = setInterval(ping, INVALIDATION_PING_EVERY_MS);
  pinger.unref();

  return {
    cache,
    trusted,
    async close() {
      clearInterval(pinger);
      lose();
      subscriber.disconnect();
      await feed?.close();
    },
  };
}

/**
 * The subscriber connection of a replica's key cache: a copy of `redis`'s settings that never
 * queues or resubscribes by itself, so the listener alone decides when it is subscribed.
 */
export function keyCacheSubscriber(redis: Redis): Redis {
  return redis.duplicate({ autoResubscribe: false, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}
