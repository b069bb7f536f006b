import type { InvalidatedKeyCache, RedisClient } from "@sieve/core";
import {
  createAccountAccess,
  createAccountDirectory,
  createAccountRepository,
  createApiKeyRepository,
  createApiMetrics,
  createCredentialCipher,
  createDailyHostCap,
  createExportSlots,
  createHealth,
  createJobProgressFeed,
  createKeyAuthenticator,
  createKeyInvalidationPublisher,
  createMailer,
  createOneTimeTokens,
  createPremiumListReader,
  createPremiumPool,
  createPremiumPoolEntries,
  createProxyListReader,
  createQueues,
  createSessionStore,
  createSourceRepository,
  createWebhookStore,
  type Database,
  type Health,
  invalidationChannel,
  type Logger,
  type MetricsRegistry,
  postgresCheck,
  type Queues,
  redisCheck,
  registerFleetGauges,
} from "@sieve/core";
import { createTargetGuard } from "@sieve/vocabulary";
import type { Express } from "express";
import { createApp } from "./app.ts";
import { createCheckJobs } from "./check-jobs.ts";
import type { ApiConfig } from "./config.ts";
import { createBoardSessionCheck } from "./dashboard/board-session.ts";
import { createMailLimiter } from "./dashboard/mail-limiter.ts";
import { createSignInLimiter } from "./dashboard/sign-in-limiter.ts";
import { createAddressLimits } from "./http/address-limits.ts";
import { createRateLimitPeek } from "./http/rate-limit-peek.ts";
import { createRateLimiter, rateLimitTableFrom } from "./http/rate-limits.ts";
import { openKeyCache } from "./key-cache.ts";

// Job event streams read progress this often, which is also the most often they send it.
const JOB_PROGRESS_EVERY_MS = 500;

const defaultDashboardDist = new URL("../../web/dist", import.meta.url).pathname;

/** Builds the API from its config and clients; `main.ts` and the tests share this wiring. */
export function composeApp(deps: {
  config: ApiConfig;
  logger: Logger;
  database: Database;
  redis: RedisClient;
  /** The rate limits' and address limits' connection (auto-pipelined in main.ts); `redis` without one. */
  limitsRedis?: RedisClient;
  /** Redis key prefix of the rate-limit counters. */
  rateLimitPrefix?: string;
  /** The process's metrics registry; without one nothing is measured. */
  registry?: MetricsRegistry;
  /** Where the key cache's subscriber connects, when not `redis` (tests cut it through a relay). */
  keyCacheRedis?: RedisClient;
}): {
  app: Express;
  queues: Queues;
  health: Health;
  /** With API_KEY_CACHE on a single Redis. */
  keyCache?: InvalidatedKeyCache;
  /** Ends the key cache's subscriber and the invalidation acks' connection. */
  closeKeyCache(): Promise<void>;
} {
  const { config, logger, database, redis } = deps;
  const queues = createQueues({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    onError: (error, queue) => logger.warn("queue error", { queue, error: error.message }),
  });
  const health = createHealth({ postgres: postgresCheck(database.pool), redis: redisCheck(redis) });
  const metrics = deps.registry ? createApiMetrics(deps.registry) : undefined;
  if (deps.registry) registerFleetGauges(deps.registry, { pool: database.pool, queues: queues.all });
  // Submissions naming a target the workers would refuse are refused here already.
  const guard = createTargetGuard({
    allowCidrs: config.CHECK_ALLOW_CIDRS,
    denyCidrs: config.CHECK_DENY_CIDRS,
  });
  logger.info("target guard", guard.policy);
  const rateLimitPrefix = deps.rateLimitPrefix ?? "rl";
  const table = rateLimitTableFrom(config);
  const limitsRedis = deps.limitsRedis ?? redis;
  const limiter = createRateLimiter({ redis: limitsRedis, table, keyPrefix: rateLimitPrefix });
  // Rejections counted by category, for the keys' API and the dashboard alike.
  const rateLimit: typeof limiter = metrics
    ? async (category, tier, keyId) => {
        const decision = await limiter(category, tier, keyId);
        if (!decision.allowed) metrics.rateLimited(category, tier);
        return decision;
      }
    : limiter;
  const proxies = createProxyListReader({
    pool: database.pool,
    exportPool: database.exportPool,
    metaTtlMs: config.LIST_META_TTL_MS,
  });
  const cipher = createCredentialCipher(config.CREDENTIALS_KEY);
  const premium = createPremiumPool({ pool: database.pool, guard, cipher });
  const sources = createSourceRepository({ pool: database.pool });
  const premiumEntries = createPremiumPoolEntries({ pool: database.pool, cipher });
  const premiumList = createPremiumListReader({
    pool: database.pool,
    exportPool: database.exportPool,
    cipher,
  });
  const checkJobs = createCheckJobs({
    pool: database.pool,
    exportPool: database.exportPool,
    cipher,
    queues,
    hostCap: createDailyHostCap({
      redis,
      keyPrefix: `${rateLimitPrefix}:daily-hosts`,
      cap: config.FREE_DAILY_DISTINCT_HOSTS,
    }),
    config,
    guard,
    webhookGuard: createTargetGuard({
      allowCidrs: config.WEBHOOK_ALLOW_CIDRS,
      denyCidrs: config.CHECK_DENY_CIDRS,
    }),
    redis,
    logger,
  });
  // One set of export slots: an account's exports through keys and the dashboard count together.
  const exports = {
    slots: createExportSlots({
      perProcess: config.EXPORT_MAX_RUNNING,
      perAccount: config.EXPORT_MAX_PER_ACCOUNT,
    }),
    stallMs: config.EXPORT_STALL_MS,
  };
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`;
  const sessions = createSessionStore({
    pool: database.pool,
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    maxAgeMs: config.SESSION_MAX_DAYS * 86_400_000,
  });
  const invalidation = createKeyInvalidationPublisher({
    redis,
    channel: invalidationChannel(config.QUEUE_PREFIX),
    onUnreachable: (error) =>
      logger.error("could not tell the API replicas' key caches of a change; it is committed", {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  const keyCache = config.API_KEY_CACHE
    ? openKeyCache({
        redis: deps.keyCacheRedis ?? redis,
        pool: database.pool,
        publisher: redis,
        config,
        logger,
      })
    : undefined;
  const accounts = createAccountRepository({ prisma: database.prisma, invalidation });
  const mailLimiter = createMailLimiter({ redis, keyPrefix: rateLimitPrefix });
  const webhooks = createWebhookStore({ pool: database.pool, cipher });
  const peekRateLimits = createRateLimitPeek({ redis, table, keyPrefix: rateLimitPrefix });
  const app = createApp({
    logger,
    authenticate: createKeyAuthenticator({
      pool: database.pool,
      ...(keyCache ? { cache: keyCache.cache } : {}),
      onTouchError: (error) => logger.warn("could not record key use", { error }),
    }),
    rateLimit,
    addressLimits: createAddressLimits({
      redis: limitsRedis,
      keyPrefix: rateLimitPrefix,
      perMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      failures: config.RATE_LIMIT_AUTH_FAILURES,
    }),
    proxies,
    premium,
    premiumEntries,
    premiumList,
    sources,
    checkJobs,
    account: { accounts, standings: peekRateLimits, webhookSecret: (id) => webhooks.secretOf(id) },
    jobProgress: createJobProgressFeed({
      read: (jobIds) => checkJobs.reader.findMany(jobIds),
      intervalMs: JOB_PROGRESS_EVERY_MS,
      onError: (error) => logger.warn("job progress read failed", { error: error.message }),
    }),
    queues,
    exports,
    queueBoardActions: config.QUEUE_BOARD_ACTIONS,
    trustProxy: config.TRUST_PROXY,
    health,
    ...(metrics ? { metrics } : {}),
    dashboard: {
      logger,
      sessions,
      access: createAccountAccess({
        prisma: database.prisma,
        sessions,
        tokens: createOneTimeTokens({ pool: database.pool }),
        mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, logger }),
        logger,
        mayMail: mailLimiter.recipient,
        baseUrl: publicBaseUrl,
      }),
      accounts,
      directory: createAccountDirectory({ prisma: database.prisma }),
      keys: createApiKeyRepository({ prisma: database.prisma, invalidation }),
      webhooks,
      sources,
      premium,
      poolEntries: premiumEntries,
      premiumList,
      proxies,
      checkJobs,
      exports,
      rateLimit,
      peekRateLimits,
      signInLimiter: createSignInLimiter({
        redis,
        keyPrefix: rateLimitPrefix,
        limits: {
          perAccount: config.SIGNIN_FAILURES_PER_ACCOUNT,
          accountWindowSeconds: 15 * 60,
          perIp: config.SIGNIN_FAILURES_PER_IP,
          ipWindowSeconds: 3600,
        },
      }),
      mailLimiter,
      publicBaseUrl,
      secretKey: config.CREDENTIALS_KEY,
    },
    boardSession: createBoardSessionCheck({ sessions, publicBaseUrl }),
    dashboardDistDir: config.DASHBOARD_DIST_DIR ?? defaultDashboardDist,
  });
  return {
    app,
    queues,
    health,
    ...(keyCache ? { keyCache } : {}),
    async closeKeyCache() {
      await keyCache?.close();
      await invalidation.close();
    },
  };
}
