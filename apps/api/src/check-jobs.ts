import {
  type CredentialCipher,
  createCheckJobReader,
  createSubmissionStore,
  type DailyHostCap,
  type Queues,
  submitCheckJob,
} from "@sieve/core";
import type { TargetGuard } from "@sieve/vocabulary";
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
  hostCap: DailyHostCap;
  config: Pick<ApiConfig, "CHECK_CHUNK_SIZE" | "CHECK_MAX_ITEMS_IN_FLIGHT" | "JOB_RETENTION_DAYS">;
  guard: TargetGuard;
}): Omit<CheckJobRoutesDeps, "guard" | "exports"> {
  const { guard } = deps;
  const retention = { jobDays: deps.config.JOB_RETENTION_DAYS, now: () => new Date() };
  const submissions = createSubmissionStore({ ...deps, retention });
  return {
    reader: createCheckJobReader({ ...deps, retention }),
    submit: (request) =>
      submitCheckJob(
        {
          submissions,
          queues: deps.queues,
          isBlockedTarget: (host) => !guard.allows(host),
          chunkSize: deps.config.CHECK_CHUNK_SIZE,
          maxItemsInFlight: deps.config.CHECK_MAX_ITEMS_IN_FLIGHT,
          hostCap: deps.hostCap,
        },
        request,
      ),
    cancel: submissions.cancel,
  };
}
