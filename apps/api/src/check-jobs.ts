import {
  announceCancel,
  type CredentialCipher,
  createCheckJobReader,
  createSubmissionStore,
  type Logger,
  type Queues,
  submitCheckJob,
} from "@sieve/core";
import type { TargetGuard } from "@sieve/vocabulary";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { ApiConfig } from "./config.ts";
import type { CheckJobRoutesDeps } from "./routes/check-job-routes.ts";

/** Wires the check-job use cases the routes call. */
export function createCheckJobs(deps: {
  pool: pg.Pool;
  /** Streams exports; apart from `pool` so slow readers never hold the connections requests need. */
  exportPool: pg.Pool;
  cipher: CredentialCipher;
  queues: Queues;
  config: Pick<ApiConfig, "CHECK_CHUNK_SIZE" | "CHECK_MAX_ITEMS_IN_FLIGHT" | "QUEUE_PREFIX">;
  guard: TargetGuard;
  /** Carries a cancel to every worker at once. */
  redis: Redis;
  logger: Logger;
}): Omit<CheckJobRoutesDeps, "guard" | "exports"> {
  const { guard } = deps;
  const submissions = createSubmissionStore(deps);
  return {
    reader: createCheckJobReader(deps),
    submit: (request) =>
      submitCheckJob(
        {
          submissions,
          queues: deps.queues,
          isBlockedTarget: (host) => !guard.allows(host),
          chunkSize: deps.config.CHECK_CHUNK_SIZE,
          maxItemsInFlight: deps.config.CHECK_MAX_ITEMS_IN_FLIGHT,
        },
        request,
      ),
    async cancel(accountId, jobId) {
      const status = await submissions.cancel(accountId, jobId);
      // The workers' poll of PostgreSQL notices a cancel whose message could not be sent.
      if (status === "cancelled" && !(await announceCancel(deps.redis, deps.config.QUEUE_PREFIX, jobId))) {
        deps.logger.warn("cancel not announced; workers will notice it by polling", { job_id: jobId });
      }
      return status;
    },
  };
}
