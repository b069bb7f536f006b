import { type CheckTarget, invalidRequest } from "@sieve/vocabulary";
import type { DailyHostCap } from "../abuse/daily-host-cap.ts";
import type { Queues } from "../jobs/queues.ts";
import type { JobStatus } from "./check-job-records.ts";
import { type InvalidLineExample, parseSubmission } from "./submission.ts";
import { type SubmissionStore, tooManyInFlight } from "./submission-store.ts";

export interface SubmitCheckJobDeps {
  submissions: SubmissionStore;
  queues: Queues;
  /** The target guard: true when the checker must never connect to this address. */
  isBlockedTarget(host: string): boolean;
  chunkSize: number;
  maxItemsInFlight: number;
  /** Distinct hosts per day for accounts the cap applies to (the free tier). */
  hostCap: DailyHostCap;
  /** A callback_url as it will be called, or a 400 (`checkCallbackUrl` with the webhooks' guard). */
  checkCallbackUrl(text: string): string;
  /**
   * A target's URL as it will be requested, or a 400 naming `field` (`checkGuardedUrl` with the
   * probes' guard: a target is dialled through the proxies as the proxies themselves are).
   */
  checkTargetUrl(text: string, field: string): string;
  /** Makes the account's webhook secret if it has none yet (`secretOf` of the webhook store). */
  ensureWebhookSecret(accountId: string): Promise<unknown>;
}

export interface SubmittedCheckJob {
  job_id: string;
  status: JobStatus;
  total: number;
  invalid_lines: number;
  duplicate_lines: number;
  blocked: number;
  invalid_examples: InvalidLineExample[];
}

/**
 * A user's list becomes a durable job: parsed, guarded, written to PostgreSQL with its items,
 * and only then queued in chunks. If the queue cannot take it, the job is removed again.
 */
export async function submitCheckJob(
  deps: SubmitCheckJobDeps,
  request: {
    accountId: string;
    proxiesText: string;
    includeAnonymity: boolean;
    /** Whether the daily cap on distinct destination hosts applies to this account. */
    hostCapped: boolean;
    callbackUrl?: string;
    /** Shape already checked (`CheckTargets`); their URLs are checked against the guard here. */
    targets?: readonly CheckTarget[];
  },
): Promise<SubmittedCheckJob> {
  const callbackUrl =
    request.callbackUrl === undefined ? undefined : deps.checkCallbackUrl(request.callbackUrl);
  const targets = (request.targets ?? []).map((target, index) => ({
    ...target,
    url: deps.checkTargetUrl(target.url, `targets[${index}].url`),
  }));
  const submission = parseSubmission(request.proxiesText);
  if (submission.proxies.length === 0) {
    throw invalidRequest("no valid proxies in proxies_text", {
      invalid_lines: submission.invalidLines,
      invalid_examples: submission.invalidExamples,
    });
  }
  // A cheap early refusal before any encryption or COPY; create() checks again atomically.
  const inFlight = await deps.submissions.itemsInFlight(request.accountId);
  if (inFlight + submission.proxies.length > deps.maxItemsInFlight) {
    throw tooManyInFlight(inFlight, submission.proxies.length, deps.maxItemsInFlight);
  }
  const blocked = new Set<number>();
  submission.proxies.forEach((proxy, position) => {
    if (deps.isBlockedTarget(proxy.host)) blocked.add(position);
  });
  // Only hosts that will be dialled count; a refusal later on (the in-flight race) leaves them
  // counted, which errs on the side of the cap. The cap is asked in Redis while PostgreSQL takes
  // the items, and create() waits for its answer before COMMIT: a refusal rolls the job back.
  let admission: Promise<void> | undefined;
  if (request.hostCapped) {
    const dialled = submission.proxies.filter((_proxy, position) => !blocked.has(position));
    admission = deps.hostCap.admit(
      request.accountId,
      dialled.map((proxy) => proxy.host),
    );
    // Handled here too: if create() fails first, its error is the answer and this one is dropped.
    admission.catch(() => {});
  }

  // Made before the job, so the secret exists by the time anything is signed with it.
  if (callbackUrl) await deps.ensureWebhookSecret(request.accountId);
  const job = await deps.submissions.create({
    ...(admission ? { admission } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
    ...(targets.length > 0 ? { targets } : {}),
    accountId: request.accountId,
    includeAnonymity: request.includeAnonymity,
    proxies: submission.proxies,
    blocked,
    invalidLines: submission.invalidLines,
    duplicateLines: submission.duplicateLines,
    chunkSize: deps.chunkSize,
    maxItemsInFlight: deps.maxItemsInFlight,
  });
  try {
    await deps.queues.enqueueBulk(
      "checkChunk",
      job.chunks.map((chunk) => ({ jobId: job.id, chunk })),
    );
    // A job whose every target is guarded ended as it was written.
    if (callbackUrl && job.status === "completed")
      await deps.queues.enqueue("deliverWebhook", { jobId: job.id });
  } catch (error) {
    await deps.submissions.discard(job.id);
    throw error;
  }
  return {
    job_id: job.id,
    status: job.status,
    total: job.total,
    invalid_lines: submission.invalidLines,
    duplicate_lines: submission.duplicateLines,
    blocked: blocked.size,
    invalid_examples: submission.invalidExamples,
  };
}
