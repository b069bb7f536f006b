import { createDatabase, createLogger, createRedis, runProcess } from "@sieve/core";
import { composeApp } from "./compose-app.ts";
import { ApiConfig } from "./config.ts";
import { listen } from "./listen.ts";

await runProcess({
  schema: ApiConfig,
  env: process.env,
  async start(config) {
    const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
    const database = createDatabase({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      onError: (error) => logger.warn("database pool error", { error: error.message }),
    });
    const redis = createRedis(config.REDIS_URL, {
      role: "producer",
      onError: (error) => logger.warn("redis error", { error: error.message }),
    });

    const { app, queues } = composeApp({ config, logger, database, redis });

    const server = await listen(app, config.PORT, config.HOST);
    logger.info("api listening", { url: `http://${config.HOST}:${server.port}/api/v1` });
    return {
      logger,
      steps: [
        { name: "http server", close: () => server.close() },
        { name: "queues", close: () => queues.close() },
        { name: "redis", close: async () => void (await redis.quit()) },
        { name: "database", close: () => database.close() },
      ],
    };
  },
});
