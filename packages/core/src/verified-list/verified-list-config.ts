import { CheckTargets, count } from "@sieve/vocabulary";
import { z } from "zod";

const seconds = (fallback: number, max: number) => z.coerce.number().min(0.1).max(max).default(fallback);
const DAY = 86_400;

/** Config fragment of the verified list: schedule, budget, score and sources. */
export const verifiedListConfig = z.object({
  /** Re-checks per second across the whole fleet; every worker's claims share this one budget. */
  VERIFIED_CHECKS_PER_SECOND: count(50, 100_000),
  /** How often the scheduler claims due proxies (ms); each claim is sized budget x elapsed time. */
  VERIFIED_TICK_MS: count(1_000, 60_000),
  /** Proxies per queued re-check batch. */
  VERIFIED_BATCH_SIZE: count(50, 5_000),
  /** Re-check batches one process works on at once. */
  VERIFIED_BATCH_CONCURRENCY: count(20, 1_000),
  /** Probes in flight in one process for the verified list. */
  VERIFIED_PROBE_CONCURRENCY: count(500, 20_000),
  /** A claimed proxy whose result never arrives (worker died, Redis lost the batch) is due again after this. */
  VERIFIED_LEASE_SECONDS: seconds(300, DAY),
  /** Live proxies are re-checked this often. */
  VERIFIED_LIVE_INTERVAL_SECONDS: seconds(600, 7 * DAY),
  /** First retry after a failure; doubles with each consecutive failure. */
  VERIFIED_RETRY_SECONDS: seconds(300, 7 * DAY),
  /** The back-off never waits longer than this: long-dead proxies are checked this rarely. */
  VERIFIED_DEAD_INTERVAL_SECONDS: seconds(DAY, 30 * DAY),
  /** A proxy without a success for this long (since last success or first seen) is retired. */
  VERIFIED_RETIRE_AFTER_SECONDS: seconds(7 * DAY, 365 * DAY),
  /**
   * A retired candidate comes back only when a source lists it again at least this long after it
   * was retired; lists that keep carrying dead entries do not bring them back every fetch.
   */
  VERIFIED_REVIVE_AFTER_SECONDS: seconds(3 * DAY, 365 * DAY),
  /** Half-life of a check's weight in the uptime score. */
  VERIFIED_SCORE_HALF_LIFE_SECONDS: seconds(DAY, 365 * DAY),
  /** How often sources are looked at; each is fetched when its own interval has passed. */
  SOURCE_TICK_MS: count(60_000, 3_600_000),
  /** A source fetch is abandoned after this long. */
  SOURCE_TIMEOUT_MS: count(15_000, 600_000),
  /** A source body larger than this is refused. */
  SOURCE_MAX_BYTES: count(5 * 1024 * 1024, 256 * 1024 * 1024),
  /** Sources fetched at once by one process. */
  SOURCE_CONCURRENCY: count(4, 100),
  /** Add the built-in public lists (README) as sources at start; off unless set to true. */
  SOURCE_DEFAULTS: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
  /**
   * Pages every live proxy of the list is asked for after the judge, as a JSON array of
   * {url, expect_status?, expect_text?} (at most 3): each proxy's targets_ok says whether all
   * passed. Unset, no page is requested and targets_ok stays null. Only proxies the judge found
   * live are asked, so the checks-per-second budget holds; each target costs one connection more.
   */
  VERIFIED_TARGETS: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined || text.trim() === "") return [];
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({
          code: "custom",
          message: "must be a JSON array of {url, expect_status, expect_text}",
        });
        return z.NEVER;
      }
    })
    .pipe(CheckTargets),
});
export type VerifiedListConfig = z.infer<typeof verifiedListConfig>;
