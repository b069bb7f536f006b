import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const FINAL = new Set(["completed", "failed", "cancelled"]);

/**
 * Reads the jobs' progress straight from PostgreSQL every `everyMs` while they run, outside the
 * API, to learn how many events their streams could have carried: a change of `done` or status
 * is an event, at most one per `spacingMs` per stream.
 */
export function watchProgress(url: string, jobIds: string[], everyMs = 100) {
  const client = new pg.Client({ connectionString: url });
  const changes = new Map<string, number[]>(jobIds.map((id) => [id, []]));
  const lastMark = new Map<string, string>();
  const finals = new Set<string>();
  let running = true;
  const done = (async () => {
    await client.connect();
    try {
      while (running && finals.size < jobIds.length) {
        const result = await client.query<{ id: string; done: number; status: string }>(
          "SELECT id, done, status FROM check_jobs WHERE id = ANY($1::uuid[])",
          [jobIds],
        );
        const now = performance.now();
        for (const row of result.rows) {
          const mark = `${row.done}/${row.status}`;
          if (lastMark.get(row.id) !== mark) {
            lastMark.set(row.id, mark);
            changes.get(row.id)?.push(now);
          }
          if (FINAL.has(row.status)) finals.add(row.id);
        }
        await sleep(everyMs);
      }
    } finally {
      await client.end();
    }
  })();

  const started = performance.now();
  return {
    /**
     * Stops watching; resolves with, per job, the events a stream open before the watch could
     * carry: the one sent on opening, plus one for each `spacingMs` window in which the job changed.
     */
    async stop(spacingMs: number): Promise<Map<string, number>> {
      running = false;
      await done;
      const possible = new Map<string, number>();
      for (const [id, times] of changes) {
        // The first reading is the state the stream opened on, not a change.
        const windows = new Set(times.slice(1).map((at) => Math.floor((at - started) / spacingMs)));
        possible.set(id, 1 + windows.size);
      }
      return possible;
    },
  };
}
