import { type CheckJobWriter, enqueueCheckChunks, jobCatalog, type Logger, type Queues } from "@sieve/core";

const MAX_CHUNKS_PER_PASS = 10_000;

/**
 * PostgreSQL decides what is left to do. Any chunk of an unfinished job that still has items
 * without a result, yet has no live task in the queue (Redis lost it, or its retries ran out),
 * is queued again. Safe on every worker at once: chunk task ids are deterministic.
 */
export async function reconcileCheckJobs(deps: {
  writer: CheckJobWriter;
  queues: Queues;
  logger: Logger;
}): Promise<number> {
  const entry = jobCatalog.checkChunk;
  const queue = deps.queues.get(entry.queue);
  const lost = [];
  for (const chunk of await deps.writer.chunksWithPendingItems(MAX_CHUNKS_PER_PASS)) {
    const task = await queue.getJob(entry.jobId(chunk));
    if (!task) {
      lost.push(chunk);
      continue;
    }
    const state = await task.getState();
    if (state === "failed" || state === "completed") {
      await task.remove().catch(() => {});
      lost.push(chunk);
    }
  }
  if (lost.length > 0) {
    await enqueueCheckChunks(deps.queues, lost);
    deps.logger.info("re-queued lost chunks", { chunks: lost.length });
  }
  return lost.length;
}
