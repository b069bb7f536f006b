import type { RedisClient } from "@sieve/core";
import {
  announceCancel,
  type CredentialCipher,
  checkCallbackUrl,
  createCheckJobReader,
  createSubmissionStore,
  createWebhookStore,
  type DailyHostCap,
  type Logger,
  type Queues,
  submitCheckJob,
} from "@sieve/core";
import { checkGuardedUrl, type TargetGuard } from "@sieve/vocabulary";
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
  config: Pick<
    ApiConfig,
    "CHECK_CHUNK_SIZE" | "CHECK_MAX_ITEMS_IN_FLIGHT" | "JOB_RETENTION_DAYS" | "QUEUE_PREFIX"
  >;
  guard: TargetGuard;
  /** Decides which callback URLs may be called. */
  webhookGuard: TargetGuard;
  /** Carries a cancel to every worker at once. */
  redis: RedisClient;
  logger: Logger;
}): Omit<CheckJobRoutesDeps, "guard" | "exports"> {
  const { guard } = deps;
  const retention = { jobDays: deps.config.JOB_RETENTION_DAYS, now: () => new Date() };
  const submissions = createSubmissionStore({ ...deps, retention });
  const webhooks = createWebhookStore(deps);
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
          checkCallbackUrl: (text) => checkCallbackUrl(text, deps.webhookGuard),
          checkTargetUrl: (text, field) => checkGuardedUrl(text, guard, field).href,
          ensureWebhookSecret: (accountId) => webhooks.secretOf(accountId),
        },
        request,
      ),
    async cancel(accountId, jobId) {
      const status = await submissions.cancel(accountId, jobId);
      // The workers' poll of PostgreSQL notices a cancel whose message could not be sent.
      if (status === "cancelled" && !(await announceCancel(deps.redis, deps.config.QUEUE_PREFIX, jobId))) {
        deps.logger.warn("cancel not announced; workers will notice it by polling", { job_id: jobId });
      }
      // The delivery itself skips a job without a callback_url or one already called.
      if (status === "cancelled") {
        await deps.queues.enqueue("deliverWebhook", { jobId }).catch((error: Error) => {
          deps.logger.warn("webhook not queued", { job_id: jobId, error: error.message });
        });
      }
      return status;
    },
  };
}
