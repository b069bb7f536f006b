import {
  createDatabase,
  createLogger,
  createMetricsRegistry,
  createRedis,
  createShutdown,
  vetRedis,
} from "@sieve/core";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { composeApp } from "./compose-app.ts";
import { ApiConfig } from "./config.ts";
import { databaseOptionsFrom } from "./database-options.ts";
import { listen } from "./listen.ts";
import { serveApiMetrics } from "./serve-metrics.ts";

let config: ApiConfig;
try {
  config = parseConfig(ApiConfig, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
const database = createDatabase({
  ...databaseOptionsFrom(config),
  onError: (error) => logger.warn("database pool error", { error: error.message }),
});
const redis = createRedis(config.REDIS_URL, {
  role: "producer",
  onError: (error) => logger.warn("redis error", { error: error.message }),
});
const redisRefusal = await vetRedis(redis, { allowEviction: config.REDIS_ALLOW_EVICTION, logger });
if (redisRefusal !== undefined) {
  console.error(redisRefusal);
  process.exit(1);
}

const registry = config.METRICS_PORT === undefined ? undefined : createMetricsRegistry({ service: "api" });
const { app, queues, health } = composeApp({
  config,
  logger,
  database,
  redis,
  ...(registry ? { registry } : {}),
});

const server = await listen(app, config.PORT, config.HOST);
logger.info("api listening", { url: `http://${config.HOST}:${server.port}/api/v1` });
const metricsListener = await serveApiMetrics(config, registry, queues);
if (metricsListener)
  logger.info("metrics listening", { host: config.METRICS_HOST, port: metricsListener.port });

const shutdown = createShutdown(
  [
    { name: "http server", close: () => server.close() },
    { name: "metrics listener", close: async () => metricsListener?.close() },
    { name: "queues", close: () => queues.close() },
    { name: "redis", close: async () => void (await redis.quit()) },
    { name: "database", close: () => database.close() },
  ],
  { logger },
);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    // Not ready from now on, so the load balancer stops sending before the listener closes.
    health.drain();
    void shutdown(signal).then((clean) => process.exit(clean ? 0 : 1));
  });
}
