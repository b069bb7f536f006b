import {
  type CheckJobReader,
  type CheckJobView,
  isFinalJob,
  isNewerMark,
  type JobProgressFeed,
  type ProgressMark,
  parseProgressEventId,
  progressEventId,
  progressMark,
} from "@sieve/core";
import { notFound } from "@sieve/vocabulary";
import { type Response, Router } from "express";
import { callerOf, type Guard } from "../http/guard.ts";

export interface JobEventRoutesDeps {
  guard: Guard;
  reader: CheckJobReader;
  feed: JobProgressFeed;
  /** The shortest time between two progress events of one stream; the final event never waits. */
  minIntervalMs?: number;
  /** A comment this often keeps idle proxies and load balancers from closing the stream. */
  heartbeatMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each event carries: the job's progress, these fields of GET /api/jobs/{id} in this order. */
export const jobProgressFields = [
  "job_id",
  "status",
  "total",
  "done",
  "counts",
  "started_at",
  "finished_at",
] as const satisfies readonly (keyof CheckJobView)[];

function eventData(job: CheckJobView) {
  return Object.fromEntries(jobProgressFields.map((field) => [field, job[field]]));
}

function writeEvent(res: Response, job: CheckJobView, mark: ProgressMark): void {
  const name = isFinalJob(job) ? "end" : "progress";
  res.write(`id: ${progressEventId(mark)}\nevent: ${name}\ndata: ${JSON.stringify(eventData(job))}\n\n`);
}

/**
 * `GET /jobs/{id}/events`: the job's progress as Server-Sent Events, at most one `progress`
 * event per interval and an `end` event at a final state, after which the stream closes. A
 * reconnect with `Last-Event-ID` gets only what is newer; one that has seen the end gets 204,
 * which tells an EventSource to stop reconnecting.
 */
export function jobEventRoutes(deps: JobEventRoutesDeps): Router {
  const router = Router();
  const minIntervalMs = deps.minIntervalMs ?? 500;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;

  router.get(
    "/jobs/:jobId/events",
    deps.guard({ permission: "api.jobs.read", category: "api_read" }),
    async (req, res) => {
      const id = String(req.params.jobId);
      const job = UUID.test(id) ? await deps.reader.find(callerOf(res).accountId, id) : null;
      if (!job) throw notFound("job not found");
      let seen = parseProgressEventId(req.get("Last-Event-ID"));
      if (isFinalJob(job) && !isNewerMark(progressMark(job), seen)) {
        res.status(204).end();
        return;
      }

      res.status(200).set({
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      });
      res.flushHeaders();
      let lastSentAt = 0;
      let unsubscribe = () => {};
      const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), heartbeatMs);
      const finish = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      const send = (current: CheckJobView) => {
        const mark = progressMark(current);
        const final = isFinalJob(current);
        if (!isNewerMark(mark, seen)) return;
        // A non-final change that comes too soon waits for a later read; it is still newer then.
        if (!final && Date.now() - lastSentAt < minIntervalMs) return;
        writeEvent(res, current, mark);
        seen = mark;
        lastSentAt = Date.now();
        if (final) {
          finish();
          res.end();
        }
      };
      res.on("close", finish);
      send(job);
      if (!res.writableEnded) unsubscribe = deps.feed.subscribe(job.job_id, send);
    },
  );

  return router;
}
