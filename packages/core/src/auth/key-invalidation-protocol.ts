/**
 * What API replicas and writers of keys and accounts say to each other over Redis pub/sub so that
 * a replica's key cache (key-cache.ts) never outlives a change: the message, its ack, and the
 * bound B that holds when acks are missing.
 */

/**
 * B: a replica trusts its cache only while its newest answered PING on the subscriber
 * connection was sent less than B ago; a writer missing acks waits B after its PUBLISH returned.
 * Shared by both sides, so it is a constant, not a setting each process could set differently.
 */
export const INVALIDATION_BOUND_MS = 1_500;
/** Pings go out every B/3, so one lost or slow pong does not cost the cache its trust. */
export const INVALIDATION_PING_EVERY_MS = 500;
/**
 * Added to B on the writer's side: B is measured on two machines' monotonic clocks, whose rates
 * differ a little, and the last ping's reply may be parsed a moment after the message's.
 */
export const INVALIDATION_MARGIN_MS = 50;

/** One channel per deployment: QUEUE_PREFIX already separates deployments sharing a Redis. */
export function invalidationChannel(queuePrefix: string): string {
  return `${queuePrefix}:key-cache:invalidate`;
}

export function isAckChannelOf(channel: string, candidate: string): boolean {
  return candidate.startsWith(`${channel}:ack:`);
}

export function ackChannel(channel: string, publisherId: string): string {
  return `${channel}:ack:${publisherId}`;
}

/** What changed: keys and accounts by id, or everything. */
export type InvalidationTarget =
  | { keyIds?: readonly string[]; accountIds?: readonly string[] }
  | { all: true };

export interface InvalidationMessage {
  nonce: string;
  /** The channel the replica acknowledges on. */
  replyTo: string;
  keyIds: string[];
  accountIds: string[];
  all: boolean;
}

export function encodeInvalidation(target: InvalidationTarget, nonce: string, replyTo: string): string {
  const all = "all" in target;
  const message: InvalidationMessage = {
    nonce,
    replyTo,
    keyIds: all ? [] : [...(target.keyIds ?? [])],
    accountIds: all ? [] : [...(target.accountIds ?? [])],
    all,
  };
  return JSON.stringify(message);
}

/** Whether `value` is an array of strings (ids in a message). */
export const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/** The message, or undefined for anything else (which the replica treats as "all", unacked). */
export function decodeInvalidation(text: string): InvalidationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const candidate = parsed as Record<string, unknown>;
  if (typeof candidate.nonce !== "string" || typeof candidate.replyTo !== "string") return undefined;
  if (!isStrings(candidate.keyIds) || !isStrings(candidate.accountIds)) return undefined;
  return {
    nonce: candidate.nonce,
    replyTo: candidate.replyTo,
    keyIds: candidate.keyIds,
    accountIds: candidate.accountIds,
    all: candidate.all === true,
  };
}
