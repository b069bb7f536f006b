import type { Queues } from "../jobs/queues.ts";
import type { SourceRepository } from "./source-repository.ts";

/**
 * Queues a fetch of every due source; a source already being fetched keeps its one job.
 * `tickMs` is how often this runs: a source due before the next run is taken now.
 */
export async function queueDueSources(deps: {
  sources: SourceRepository;
  queues: Queues;
  tickMs: number;
}): Promise<number> {
  const due = await deps.sources.claimDue(deps.tickMs / 2000);
  if (due.length === 0) return 0;
  await deps.queues.enqueueBulk(
    "fetchSource",
    due.map((source) => ({ sourceId: source.id })),
  );
  return due.length;
}
