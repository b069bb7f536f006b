import { type CheckChunkPayload, jobCatalog } from "../jobs/job-catalog.ts";
import type { Queues } from "../jobs/queues.ts";
import type { Logger } from "../logger.ts";
import type { ChunkWorkStore } from "./chunk-work-store.ts";

const MAX_CHUNKS_PER_PASS = 10_000;
// Chunks whose task state is asked of Redis at once.
const STATE_SLICE = 500;

/**
 * PostgreSQL decides what is left to do. Any chunk of an unfinished job that still has items
 * without a result, yet has no live task in the queue (Redis lost it, or its retries ran out),
 * is queued again. Safe on every worker at once: chunk task ids are deterministic.
 */
export async function reconcileCheckJobs(deps: {
  chunks: ChunkWorkStore;
  queues: Queues;
  logger: Logger;
}): Promise<number> {
  const entry = jobCatalog.checkChunk;
  const queue = deps.queues.byName[entry.queue];
  const isLost = async (chunk: CheckChunkPayload): Promise<boolean> => {
    const id = entry.jobId(chunk);
    const state = await queue.getJobState(id);
    if (state === "failed" || state === "completed") {
      // A finished task still holds the chunk's id: remove it so the chunk can be queued again.
      // Should that fail (a worker just took it up again), the next pass looks again.
      await queue
        .remove(id)
        .catch((error: Error) =>
          deps.logger.warn("could not remove a finished chunk task", { task: id, error: error.message }),
        );
      return true;
    }
    return state === "unknown";
  };
  const chunks = await deps.chunks.chunksWithPendingItems(MAX_CHUNKS_PER_PASS);
  const lost: CheckChunkPayload[] = [];
  for (let start = 0; start < chunks.length; start += STATE_SLICE) {
    const slice = chunks.slice(start, start + STATE_SLICE);
    const verdicts = await Promise.all(slice.map(isLost));
    lost.push(...slice.filter((_chunk, index) => verdicts[index]));
  }
  if (lost.length > 0) {
    await deps.queues.enqueueBulk("checkChunk", lost);
    deps.logger.info("re-queued lost chunks", { chunks: lost.length });
  }
  await requeueLostWebhooks(deps);
  return lost.length;
}

/**
 * A webhook whose task was never queued (Redis was away when the job ended) or was lost is
 * queued again. A task that is waiting, running or has given up (failed) is left as it is.
 */
async function requeueLostWebhooks(deps: { chunks: ChunkWorkStore; queues: Queues; logger: Logger }) {
  const entry = jobCatalog.deliverWebhook;
  const queue = deps.queues.byName[entry.queue];
  const jobIds = await deps.chunks.undeliveredCallbacks(MAX_CHUNKS_PER_PASS);
  const lost: { jobId: string }[] = [];
  for (let start = 0; start < jobIds.length; start += STATE_SLICE) {
    const slice = jobIds.slice(start, start + STATE_SLICE).map((jobId) => ({ jobId }));
    const states = await Promise.all(slice.map((payload) => queue.getJobState(entry.jobId(payload))));
    lost.push(...slice.filter((_payload, index) => states[index] === "unknown"));
  }
  if (lost.length > 0) {
    await deps.queues.enqueueBulk("deliverWebhook", lost);
    deps.logger.info("re-queued lost webhooks", { webhooks: lost.length });
  }
}
