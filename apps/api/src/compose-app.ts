import {
  createApiMetrics,
  createCredentialCipher,
  createExportSlots,
  createHealth,
  createKeyAuthenticator,
  createPremiumPool,
  createProxyListReader,
  createQueues,
  type Database,
  type Health,
  type Logger,
  type MetricsRegistry,
  postgresCheck,
  type Queues,
  redisCheck,
  registerFleetGauges,
} from "@sieve/core";
import { createTargetGuard } from "@sieve/vocabulary";
import type { Express } from "express";
import type { Redis } from "ioredis";
import { createApp } from "./app.ts";
import { createCheckJobs } from "./check-jobs.ts";
import type { ApiConfig } from "./config.ts";
import { createAddressLimits } from "./http/address-limits.ts";
import { createRateLimiter, rateLimitTableFrom } from "./http/rate-limits.ts";

/** Builds the API from its config and clients; `main.ts` and the tests share this wiring. */
export function composeApp(deps: {
  config: ApiConfig;
  logger: Logger;
  database: Database;
  redis: Redis;
  /** Redis key prefix of the rate-limit counters. */
  rateLimitPrefix?: string;
  /** The process's metrics registry; without one nothing is measured. */
  registry?: MetricsRegistry;
}): { app: Express; queues: Queues; health: Health } {
  const { config, logger, database, redis } = deps;
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  const health = createHealth({ postgres: postgresCheck(database.pool), redis: redisCheck(redis) });
  const metrics = deps.registry ? createApiMetrics(deps.registry) : undefined;
  if (deps.registry) registerFleetGauges(deps.registry, { pool: database.pool, queues: queues.all });
  const rateLimit = createRateLimiter({
    redis,
    table: rateLimitTableFrom(config),
    ...(deps.rateLimitPrefix ? { keyPrefix: deps.rateLimitPrefix } : {}),
  });
  // Submissions naming a target the workers would refuse are refused here already.
  const guard = createTargetGuard({
    allowCidrs: config.CHECK_ALLOW_CIDRS,
    denyCidrs: config.CHECK_DENY_CIDRS,
  });
  logger.info("target guard", guard.policy);
  const app = createApp({
    logger,
    authenticate: createKeyAuthenticator({
      pool: database.pool,
      onTouchError: (error) => logger.warn("could not record key use", { error }),
    }),
    rateLimit: metrics
      ? async (category, tier, keyId) => {
          const decision = await rateLimit(category, tier, keyId);
          if (!decision.allowed) metrics.rateLimited(category, tier);
          return decision;
        }
      : rateLimit,
    addressLimits: createAddressLimits({
      redis,
      keyPrefix: deps.rateLimitPrefix ?? "rl",
      perMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      failures: config.RATE_LIMIT_AUTH_FAILURES,
    }),
    proxies: createProxyListReader({
      pool: database.pool,
      exportPool: database.exportPool,
      metaTtlMs: config.LIST_META_TTL_MS,
    }),
    premium: createPremiumPool({ pool: database.pool }),
    checkJobs: createCheckJobs({
      pool: database.pool,
      exportPool: database.exportPool,
      cipher: createCredentialCipher(config.CREDENTIALS_KEY),
      queues,
      config,
      guard,
    }),
    queues,
    exports: {
      slots: createExportSlots({
        perProcess: config.EXPORT_MAX_RUNNING,
        perAccount: config.EXPORT_MAX_PER_ACCOUNT,
      }),
      stallMs: config.EXPORT_STALL_MS,
    },
    trustProxy: config.TRUST_PROXY,
    health,
    ...(metrics ? { metrics } : {}),
  });
  return { app, queues, health };
}
