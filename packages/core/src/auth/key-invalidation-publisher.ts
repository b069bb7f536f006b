import { randomUUID } from "node:crypto";
import { Cluster, type Redis } from "ioredis";
import type { RedisClient } from "../redis.ts";
import {
  ackChannel,
  encodeInvalidation,
  INVALIDATION_BOUND_MS,
  INVALIDATION_MARGIN_MS,
  type InvalidationTarget,
} from "./key-invalidation-protocol.ts";

/**
 * How an invalidation ended: every subscribed replica acknowledged; some did not, and the writer
 * waited out B; or Redis could not be reached at all (see `invalidate`).
 */
export type InvalidationOutcome = "acknowledged" | "waited" | "unreachable";

/** Tells every API replica's key cache that keys or accounts changed. Call it after the commit. */
export interface KeyInvalidation {
  invalidate(target: InvalidationTarget): Promise<InvalidationOutcome>;
  close(): Promise<void>;
}

/** For stores used where no API replica caches keys: processes with no Redis, and tests. */
export const noKeyInvalidation: KeyInvalidation = {
  invalidate: async () => "acknowledged",
  close: async () => {},
};

const PUBLISH_RETRY_MS = 50;

/**
 * Publishes invalidations on `channel` and collects the replicas' acks on a channel of its own,
 * over a subscriber connection opened on first use.
 *
 * Redis unreachable: the PUBLISH is retried for B, then the writer returns "unreachable" B after
 * it started, with the database change committed. It neither throws nor blocks: revoking must
 * stay possible while Redis is down, and a replica that cannot reach Redis either stops trusting
 * its cache within B (its pings go unanswered). The one case this cannot cover is a writer cut
 * off from a Redis the replicas still reach (a wrong REDIS_URL on an operator's machine, say):
 * there the caches hold the old state until their TTL (60 s). Callers report that outcome loudly
 * (the CLI on stderr, the API in its log) instead of failing a change that has already happened.
 *
 * On a Redis Cluster no replica caches keys (PUBLISH's count there covers one node only, so acks
 * could not be counted), and this publishes nothing.
 */
export function createKeyInvalidationPublisher(deps: {
  redis: RedisClient;
  channel: string;
  onUnreachable?: (error: unknown) => void;
}): KeyInvalidation {
  if (deps.redis instanceof Cluster) return noKeyInvalidation;
  const { redis, channel } = { redis: deps.redis, channel: deps.channel };
  const replyTo = ackChannel(channel, randomUUID());
  const waiting = new Map<string, AckWait>();
  let listener: Redis | undefined;
  let listening: Promise<unknown> | undefined;

  function listen(): Promise<unknown> {
    if (listening) return listening;
    // Its own connection: a subscribed connection cannot PUBLISH. It queues its SUBSCRIBE until
    // connected (the CLI publishes right after it starts).
    const connection = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    listener = connection;
    connection.on("error", () => {});
    connection.on("message", (from: string, nonce: string) => {
      const wait = from === replyTo ? waiting.get(nonce) : undefined;
      if (!wait) return;
      wait.seen += 1;
      if (wait.seen >= wait.wanted) wait.done?.();
    });
    const subscribing = connection.subscribe(replyTo);
    listening = subscribing;
    subscribing.catch(() => {
      // Opened afresh on the next change; this one is not left connected beside it.
      connection.disconnect();
      if (listening === subscribing) listening = undefined;
    });
    return subscribing;
  }

  /** Acks are counted from before the PUBLISH: they can come before its reply does. */
  function expectAcks(nonce: string) {
    const wait: AckWait = { seen: 0, wanted: Number.POSITIVE_INFINITY };
    waiting.set(nonce, wait);
    return {
      /** True once `count` acks have come, false at `deadline` (performance.now() time). */
      until(count: number, deadline: number): Promise<boolean> {
        wait.wanted = count;
        return new Promise<boolean>((resolve) => {
          if (wait.seen >= count) return resolve(true);
          const timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
          wait.done = () => {
            clearTimeout(timer);
            resolve(true);
          };
        }).finally(() => waiting.delete(nonce));
      },
      cancel: () => waiting.delete(nonce),
    };
  }

  /** PUBLISH's count of receivers, retried until `giveUpAt`; the last error if it never answered. */
  async function publishBefore(
    message: string,
    giveUpAt: number,
  ): Promise<{ receivers: number } | { error: unknown }> {
    let error: unknown = new Error("Redis did not answer PUBLISH in time");
    while (performance.now() < giveUpAt) {
      try {
        const receivers = await within(redis.publish(channel, message), giveUpAt);
        if (receivers === undefined) return { error };
        return { receivers };
      } catch (failure) {
        error = failure;
        await pause(Math.min(PUBLISH_RETRY_MS, Math.max(0, giveUpAt - performance.now())));
      }
    }
    return { error };
  }

  return {
    async invalidate(target) {
      const startedAt = performance.now();
      const giveUpAt = startedAt + INVALIDATION_BOUND_MS + INVALIDATION_MARGIN_MS;
      const nonce = randomUUID();
      // Subscribed before publishing, or acks could come before anyone listens; a Redis that is
      // away costs at most B here, and the PUBLISH below fails the same way.
      await within(
        listen().catch(() => {}),
        startedAt + INVALIDATION_BOUND_MS,
      );
      const acks = expectAcks(nonce);
      const published = await publishBefore(encodeInvalidation(target, nonce, replyTo), giveUpAt);
      if ("error" in published) {
        acks.cancel();
        // Replicas that cannot reach Redis either have stopped trusting their caches by now.
        await pause(Math.max(0, giveUpAt - performance.now()));
        deps.onUnreachable?.(published.error);
        return "unreachable";
      }
      if (published.receivers === 0) {
        acks.cancel();
        return "acknowledged";
      }
      // Missing acks: every replica that did not apply the message stops trusting its cache
      // less than B after the PUBLISH returned (key-invalidation-listener.ts says why).
      const deadline = performance.now() + INVALIDATION_BOUND_MS + INVALIDATION_MARGIN_MS;
      return (await acks.until(published.receivers, deadline)) ? "acknowledged" : "waited";
    },
    async close() {
      listener?.disconnect();
      listener = undefined;
      listening = undefined;
    },
  };
}

interface AckWait {
  seen: number;
  wanted: number;
  done?: () => void;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's value, or undefined once `deadline` (performance.now() time) has passed. */
async function within<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
