import { UnrecoverableError } from "bullmq";
import type { CheckJobView } from "../check-jobs/check-job-records.ts";
import type { DeliverWebhookPayload } from "../jobs/job-catalog.ts";
import { WebhookRefused } from "./webhook-post.ts";
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, webhookSignature } from "./webhook-signature.ts";
import type { WebhookStore } from "./webhook-store.ts";

export interface DeliverWebhookDeps {
  store: WebhookStore;
  /** The job as GET /api/jobs/{id} shows it to its owner. */
  findJob(accountId: string, jobId: string): Promise<CheckJobView | null>;
  /** POSTs and resolves with the HTTP status (`postWebhook` with the webhooks' guard and bounds). */
  post(url: string, body: string, headers: Record<string, string>): Promise<number>;
}

/**
 * Calls an ended job's callback_url once, with a signed JSON body. A failed call (network error,
 * timeout, an answer other than 2xx) throws, and the queue retries it with backoff; a call the
 * guard refuses fails for good. Delivered once: a delivered job is never called again.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  payload: DeliverWebhookPayload,
): Promise<{ delivered: boolean }> {
  const pending = await deps.store.pending(payload.jobId);
  if (!pending) return { delivered: false };
  const job = await deps.findJob(pending.accountId, pending.jobId);
  if (!job) return { delivered: false };
  const body = JSON.stringify({ type: "check_job.finished", job });
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number;
  try {
    status = await deps.post(pending.callbackUrl, body, {
      [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(pending.secret, timestamp, body),
      "Sieve-Job-Id": pending.jobId,
    });
  } catch (error) {
    if (error instanceof WebhookRefused) throw new UnrecoverableError(error.message);
    throw error;
  }
  if (status < 200 || status > 299) throw new Error(`callback answered HTTP ${status}`);
  await deps.store.markDelivered(pending.jobId);
  return { delivered: true };
}
