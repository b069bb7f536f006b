import { PassThrough } from "node:stream";
import { composeApp } from "@sieve/api/src/compose-app.ts";
import { ApiConfig } from "@sieve/api/src/config.ts";
import { listen } from "@sieve/api/src/listen.ts";
import { serveApiMetrics } from "@sieve/api/src/serve-metrics.ts";
import {
  createLogger,
  createMetricsRegistry,
  createRedis,
  type Database,
  type Health,
  type InvalidatedKeyCache,
} from "@sieve/core";
import { watchContract } from "./openapi-contract.ts";
import { claimKeyPrefix } from "./redis-keys.ts";

export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString("base64");

export interface TestApi {
  url: string;
  /** Key prefix of this API's queues in Redis, for workers that should serve it. */
  queuePrefix: string;
  /**
   * What was wrong with the public API's answers, measured against the OpenAPI document; `close()`
   * fails when it is not empty, so every test that calls the API is a contract test.
   */
  contractViolations: string[];
  /** Every log line the API wrote, as raw JSON text. */
  logs: string[];
  /** The `/metrics` listener's URL when METRICS_PORT was given (`0` picks a free port). */
  metricsUrl?: string;
  health: Health;
  /** The key cache, when API_KEY_CACHE is on. */
  keyCache?: InvalidatedKeyCache;
  get(path: string, key?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real API, listening on a free loopback port, with queue and rate-limit keys under prefixes of
 * its own in Redis (claimed, so they are removed after the test file). Replicas that must share
 * their rate-limit counters are given one `rateLimitPrefix`.
 */
export async function startTestApi(
  database: Database,
  env: Record<string, string> = {},
  options: {
    rateLimitPrefix?: string;
    /** Where the key cache's subscriber connects instead of REDIS_URL (a relay a test can cut). */
    keyCacheRedisUrl?: string;
  } = {},
): Promise<TestApi> {
  const config = ApiConfig.parse({
    ...process.env,
    LIST_META_TTL_MS: "0",
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    QUEUE_PREFIX: claimKeyPrefix("queue"),
    ...env,
  });
  const logs: string[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const logger = createLogger({ service: "api", level: "debug", stream });
  const redis = createRedis(config.REDIS_URL, { role: "producer" });
  // As the real API does before it listens (openServiceClients): a producer's client queues
  // nothing, and a cluster client is ready only once it has read the slots. A Redis that does not
  // answer (tests of that) fails at once, and the API starts without it.
  if (redis.status !== "ready") {
    await new Promise((resolve) => {
      redis.once("ready", resolve);
      redis.once("error", resolve);
      setTimeout(resolve, 5_000).unref();
    });
  }
  const registry = config.METRICS_PORT === undefined ? undefined : createMetricsRegistry({ service: "api" });
  const keyCacheRedis = options.keyCacheRedisUrl
    ? createRedis(options.keyCacheRedisUrl, { role: "producer", onError: () => {} })
    : undefined;
  const { app, queues, health, keyCache, closeKeyCache } = composeApp({
    config,
    logger,
    database,
    redis,
    rateLimitPrefix: options.rateLimitPrefix ?? claimKeyPrefix("rate-limit"),
    ...(registry ? { registry } : {}),
    ...(keyCacheRedis ? { keyCacheRedis } : {}),
  });
  // A fixed PORT lets a test name the API's own origin (PUBLIC_BASE_URL) before it listens.
  const server = await listen(app, env.PORT ? Number(env.PORT) : 0, "127.0.0.1");
  const contractViolations = watchContract(server.server);
  const metrics = await serveApiMetrics(config, registry, queues);
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    ...(metrics ? { metricsUrl: `http://${config.METRICS_HOST}:${metrics.port}/metrics` } : {}),
    health,
    ...(keyCache ? { keyCache } : {}),
    queuePrefix: config.QUEUE_PREFIX,
    logs,
    contractViolations,
    get: (path, key, headers = {}) =>
      fetch(url + path, { headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers } }),
    async close() {
      await server.close();
      await metrics?.close();
      await queues.close();
      await closeKeyCache();
      keyCacheRedis?.disconnect();
      redis.disconnect();
      if (contractViolations.length > 0) {
        const listed = [...new Set(contractViolations)].join("\n  ");
        throw new Error(`answers that break the OpenAPI document (docs/openapi.json):\n  ${listed}`);
      }
    },
  };
}
