import {
  createMetricsRegistry,
  createRedis,
  openServiceClients,
  runProcess,
  withLocalSecrets,
} from "@sieve/core";
import { composeApp } from "./compose-app.ts";
import { ApiConfig } from "./config.ts";
import { databaseOptionsFrom } from "./database-options.ts";
import { listen } from "./listen.ts";
import { serveApiMetrics } from "./serve-metrics.ts";

await runProcess({
  schema: ApiConfig,
  // Started alone beside `pnpm start`, a process takes the secrets it made for this machine.
  env: withLocalSecrets(process.env),
  async start(config) {
    const clients = await openServiceClients(config, {
      service: "api",
      role: "producer",
      database: databaseOptionsFrom(config),
    });
    const registry =
      config.METRICS_PORT === undefined ? undefined : createMetricsRegistry({ service: "api" });
    // Every request's limits on a connection of their own, auto-pipelined: the address limit and
    // the lockout read of one request, and the counters of requests served together, share a write.
    const limitsRedis = createRedis(config.REDIS_URL, {
      role: "producer",
      autoPipelining: true,
      onError: (error) => clients.logger.warn("redis error", { connection: "limits", error: error.message }),
    });
    const { app, queues, health, closeKeyCache } = composeApp({
      config,
      ...clients,
      limitsRedis,
      ...(registry ? { registry } : {}),
    });
    const server = await listen(app, config.PORT, config.HOST);
    clients.logger.info("api listening", { url: `http://${config.HOST}:${server.port}/api/v1` });
    const metricsListener = await serveApiMetrics(config, registry, queues);
    if (metricsListener) {
      clients.logger.info("metrics listening", { host: config.METRICS_HOST, port: metricsListener.port });
    }
    return {
      logger: clients.logger,
      steps: [
        // Not ready from the signal on, so load balancers stop sending before the listener closes.
        { name: "readiness", close: async () => health.drain() },
        { name: "http server", close: () => server.close() },
        { name: "metrics listener", close: async () => metricsListener?.close() },
        { name: "queues", close: () => queues.close() },
        { name: "key cache", close: closeKeyCache },
        { name: "limits redis", close: async () => void (await limitsRedis.quit()) },
        ...clients.closeSteps,
      ],
    };
  },
});
