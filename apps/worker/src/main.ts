import {
  createHealth,
  createMetricsRegistry,
  createWorkerMetrics,
  openServiceClients,
  postgresCheck,
  redisCheck,
  runProcess,
  startHealthListener,
  startMetricsListener,
  withLocalSecrets,
} from "@sieve/core";
import { composeWorker } from "./compose-worker.ts";
import { WorkerConfig } from "./config.ts";

await runProcess({
  schema: WorkerConfig,
  // Started alone beside `pnpm start`, a process takes the secrets it made for this machine.
  env: withLocalSecrets(process.env),
  async start(config) {
    const clients = await openServiceClients(config, { service: "worker", role: "worker" });
    const health = createHealth({
      postgres: postgresCheck(clients.database.pool),
      redis: redisCheck(clients.redis),
    });
    // Up before the consumers start, so a slow start is seen as alive rather than killed.
    const healthListener = await startHealthListener(health, config);
    const registry =
      config.METRICS_PORT === undefined ? undefined : createMetricsRegistry({ service: "worker" });
    const metrics = registry ? createWorkerMetrics(registry) : undefined;
    const { worker, queues } = await composeWorker(config, { ...clients, ...(metrics ? { metrics } : {}) });
    const metricsListener =
      registry && config.METRICS_PORT !== undefined
        ? await startMetricsListener({ registry, host: config.METRICS_HOST, port: config.METRICS_PORT })
        : undefined;
    return {
      logger: clients.logger,
      steps: [
        // Not ready while draining: the health listener answers 503 until the very end.
        { name: "readiness", close: async () => health.drain() },
        // Running tasks get the grace period; after it they are left to other workers, which
        // finish them without counting any item twice. Re-check batches are short and idempotent:
        // rows of an abandoned one come back after their lease.
        { name: "worker", close: () => worker.drain(config.SHUTDOWN_GRACE_MS) },
        { name: "queues", close: () => queues.close() },
        ...clients.closeSteps,
        {
          name: "health and metrics listeners",
          close: async () => void (await Promise.all([healthListener?.close(), metricsListener?.close()])),
        },
      ],
      deadlineMs: config.SHUTDOWN_GRACE_MS + 10_000,
    };
  },
});
