import { catalogJob, jobCatalog, type Queues, type SourceRepository } from "@sieve/core";

/** Queues a fetch of every due source; a source already being fetched keeps its one job. */
export async function queueDueSources(deps: { sources: SourceRepository; queues: Queues }): Promise<number> {
  const due = await deps.sources.due();
  if (due.length === 0) return 0;
  const entry = jobCatalog.fetchSource;
  await deps.queues.get(entry.queue).addBulk(due.map((source) => catalogJob(entry, { sourceId: source.id })));
  return due.length;
}
