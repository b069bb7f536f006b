import {
  ConfigError,
  createCredentialCipher,
  createDatabase,
  createKeyAuthenticator,
  createLogger,
  createPremiumPool,
  createProxyListReader,
  createQueues,
  createRedis,
  createShutdown,
  parseConfig,
} from "@sieve/core";
import { createApp } from "./app.ts";
import { createCheckJobs } from "./check-jobs.ts";
import { ApiConfig } from "./config.ts";
import { createRateLimiter, rateLimitTableFrom } from "./http/rate-limits.ts";
import { listen } from "./listen.ts";

let config: ApiConfig;
try {
  config = parseConfig(ApiConfig, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
const database = createDatabase({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
const redis = createRedis(config.REDIS_URL, {
  role: "producer",
  onError: (error) => logger.warn("redis error", { error: error.message }),
});

const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });

const app = createApp({
  logger,
  authenticate: createKeyAuthenticator({
    pool: database.pool,
    onTouchError: (error) => logger.warn("could not record key use", { error }),
  }),
  rateLimit: createRateLimiter({ redis, table: rateLimitTableFrom(config) }),
  proxies: createProxyListReader({ pool: database.pool, metaTtlMs: config.LIST_META_TTL_MS }),
  premium: createPremiumPool({ pool: database.pool }),
  checkJobs: createCheckJobs({
    pool: database.pool,
    cipher: createCredentialCipher(config.CREDENTIALS_KEY),
    queues,
    config,
  }),
  queues,
  trustProxy: config.TRUST_PROXY,
});

const server = await listen(app, config.PORT, config.HOST);
logger.info("api listening", { url: `http://${config.HOST}:${server.port}/api/v1` });

const shutdown = createShutdown(
  [
    { name: "http server", close: () => server.close() },
    { name: "queues", close: () => queues.close() },
    { name: "redis", close: async () => void (await redis.quit()) },
    { name: "database", close: () => database.close() },
  ],
  { logger },
);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void shutdown(signal).then((clean) => process.exit(clean ? 0 : 1)));
}
