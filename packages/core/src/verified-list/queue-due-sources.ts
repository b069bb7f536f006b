import type { Queues } from "../jobs/queues.ts";
import type { SourceRepository } from "./source-repository.ts";

/** Queues a fetch of every due source; a source already being fetched keeps its one job. */
export async function queueDueSources(deps: { sources: SourceRepository; queues: Queues }): Promise<number> {
  const due = await deps.sources.due();
  if (due.length === 0) return 0;
  await deps.queues.enqueueBulk(
    "fetchSource",
    due.map((source) => ({ sourceId: source.id })),
  );
  return due.length;
}
