import { openServiceClients, runProcess } from "@sieve/core";
import { composeWorker } from "./compose-worker.ts";
import { WorkerConfig } from "./config.ts";

await runProcess({
  schema: WorkerConfig,
  env: process.env,
  async start(config) {
    const clients = await openServiceClients(config, { service: "worker", role: "worker" });
    const { worker, queues } = await composeWorker(config, clients);
    return {
      logger: clients.logger,
      steps: [
        // Running tasks get the grace period; after it they are left to other workers, which
        // finish them without counting any item twice. Re-check batches are short and idempotent:
        // rows of an abandoned one come back after their lease.
        { name: "worker", close: () => worker.drain(config.SHUTDOWN_GRACE_MS) },
        { name: "queues", close: () => queues.close() },
        ...clients.closeSteps,
      ],
      deadlineMs: config.SHUTDOWN_GRACE_MS + 10_000,
    };
  },
});
