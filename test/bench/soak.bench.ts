import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startMicrosocks } from "@sieve/test-support/harness";
import pg from "pg";
import { buildProxyMix, type MixPorts } from "./check-jobs/proxy-mix.ts";
import { startWorkerFleet, type WorkerFleet } from "./check-jobs/worker-fleet.ts";
import { startHangServer, stopChild } from "./probe/child-process.ts";
import { stalledExport } from "./soak/stalled-export.ts";
import { atFixedRate, emptyTally, percentile, type TrafficTally, tallied } from "./soak/traffic.ts";
import { log } from "./support/bench-server.ts";
import { BenchStoppers, startBenchServices } from "./support/bench-services.ts";
import { processMemory } from "./support/process-memory.ts";
import { fixed, megabytes } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * The soak (issue 12): SOAK_MINUTES (default 10) of mixed traffic at a fixed arrival rate — list
 * reads, list exports, check submissions, and a stalled export every minute — while the worker is
 * killed with SIGKILL and restarted every two minutes. Reports responses by status (target: no
 * 5xx but 503s, each with Retry-After), API and worker RSS at start and end (target: growth under
 * 10 %), whether every job's counts are exact, and the p99 of list reads beside the same run's
 * unloaded p99.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const READS_PER_SECOND = 20;
const EXPORT_EVERY_MS = 10_000;
const SUBMIT_EVERY_MS = 15_000;
const STALLED_EVERY_MS = 60_000;
const KILL_EVERY_MS = 120_000;
const UNLOADED_SECONDS = 20;
const JOB_MIX = { live: 150, refusing: 30, hanging: 20 };
// Far more than the socket buffers of both ends hold, so an export that is not read stalls.
const LIST_ROWS = 300_000;
const TIMEOUT_MS = 2_000;
const EXPORT_STALL_MS = 10_000;

const stoppers = new BenchStoppers();

const rssOf = async (pid: number) => (await processMemory(pid)).rss;

function statusLine(name: string, tally: TrafficTally): string {
  const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
  const errors = tally.transportErrors.length ? `, transport errors: ${tally.transportErrors.length}` : "";
  return `  ${name}: ${statuses.join(", ") || "none"}${errors}`;
}

await runBench({ deadlineMs: (MINUTES + 15) * 60_000, cleanUp: stoppers.cleanUp }, async () => {
  const {
    api,
    database,
    workerEnv: workerEnvFor,
  } = await startBenchServices(stoppers, {
    name: "sieve_bench_soak",
    rows: LIST_ROWS,
    log,
    apiEnv: {
      DATABASE_POOL_MAX: "10",
      EXPORT_STALL_MS: String(EXPORT_STALL_MS),
      RATE_LIMIT_API_EXPORT_FREE: "1000000000",
      FREE_DAILY_DISTINCT_HOSTS: "1000000",
    },
  });
  const hang = await startHangServer();
  stoppers.add(() => stopChild(hang.child));
  const live: number[] = [];
  for (let index = 0; index < 4; index += 1) {
    const proxy = await startMicrosocks();
    stoppers.add(() => proxy.stop());
    live.push(proxy.port);
  }
  const ports: MixPorts = { live, refusing: [await freePort(), await freePort()], hanging: [hang.port] };
  const workerEnv = workerEnvFor(TIMEOUT_MS, {
    // A killed worker's chunks go to the next one within seconds.
    WORKER_STALL_MS: "5000",
    RECONCILE_EVERY_MS: "5000",
  });
  let worker: WorkerFleet = await startWorkerFleet(1, workerEnv);
  stoppers.add(() => worker.stop());

  const headers = { Authorization: `Bearer ${database.apiKey}` };
  const api1 = `${api.url}/api/v1/api`;
  const readPaths = ["/proxies?limit=50", "/proxies?protocol=socks5&limit=20", "/proxies?country=US&page=3"];
  let readIndex = 0;
  const read = (tally: TrafficTally) =>
    tallied(tally, () => fetch(api1 + readPaths[readIndex++ % readPaths.length], { headers }));

  log(`unloaded: list reads alone at ${READS_PER_SECOND}/s for ${UNLOADED_SECONDS} s`);
  const unloaded = emptyTally();
  await atFixedRate(1000 / READS_PER_SECOND, performance.now() + UNLOADED_SECONDS * 1000, () =>
    read(unloaded),
  );

  await sleep(2_000);
  const apiStart = await api.memory();
  const workerStart = await rssOf(worker.pids[0]!);
  const reads = emptyTally();
  const exports = emptyTally();
  const submissions = emptyTally();
  const jobIds: string[] = [];
  const stalled: string[] = [];
  const workerRss: number[] = [];
  const mix = buildProxyMix(ports, JOB_MIX);
  const until = performance.now() + MINUTES * 60_000;
  log(
    `soak: ${MINUTES} min; reads ${READS_PER_SECOND}/s, an export every ${EXPORT_EVERY_MS / 1000} s, a ` +
      `${mix.length}-line submission every ${SUBMIT_EVERY_MS / 1000} s, a stalled export every minute, the worker ` +
      `killed every ${KILL_EVERY_MS / 60_000} min`,
  );
  let round = 0;
  // The API's RSS each minute, to tell a leak (it keeps climbing) from warming up (it levels off).
  const apiSeries: number[] = [];
  await Promise.all([
    atFixedRate(60_000, until, async () => {
      apiSeries.push((await api.memory()).rss);
    }),
    atFixedRate(1000 / READS_PER_SECOND, until, () => read(reads)),
    atFixedRate(EXPORT_EVERY_MS, until, () =>
      tallied(exports, () =>
        fetch(`${api1}/proxies/export?format=csv&protocol=socks5&country=US`, { headers }),
      ),
    ),
    atFixedRate(SUBMIT_EVERY_MS, until, async () => {
      // Distinct credentials per round keep each line of each job its own item.
      const text = mix.map((line) => line.replace("socks5://u", `socks5://r${round}u`)).join("\n");
      round += 1;
      const answer = await tallied(submissions, () =>
        fetch(`${api1}/check`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "text/plain" },
          body: text,
        }),
      );
      if (answer?.response.status === 202)
        jobIds.push((JSON.parse(answer.body) as { job_id: string }).job_id);
    }),
    atFixedRate(STALLED_EVERY_MS, until, async () => {
      stalled.push(
        await stalledExport(
          api.url,
          database.apiKey,
          "/api/v1/api/proxies/export?format=csv",
          3 * EXPORT_STALL_MS,
        ),
      );
    }),
    (async () => {
      while (performance.now() + KILL_EVERY_MS < until) {
        await sleep(KILL_EVERY_MS);
        workerRss.push(await rssOf(worker.pids[0]!));
        process.kill(worker.pids[0]!, "SIGKILL");
        await worker.stop();
        worker = await startWorkerFleet(1, workerEnv);
        log(`  worker killed with SIGKILL and restarted (${workerRss.length})`);
      }
    })(),
  ]);
  const apiEnd = await api.memory();
  const workerEnd = await rssOf(worker.pids[0]!);

  // Every job finishes, and its counts match its lines exactly: live ones live, the rest dead.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  stoppers.add(() => client.end());
  const deadline = Date.now() + 5 * 60_000;
  let jobs: {
    id: string;
    status: string;
    total: number;
    done: number;
    live: number;
    dead: number;
    results: number;
  }[] = [];
  for (;;) {
    const result = await client.query(
      `SELECT j.id, j.status, j.total, j.done, j.live, j.dead,
              (SELECT count(*)::int FROM check_items i WHERE i.job_id = j.id AND i.status IS NOT NULL) AS results
         FROM check_jobs j`,
    );
    jobs = result.rows;
    if (jobs.every((job) => job.status === "completed") || Date.now() > deadline) break;
    await sleep(1_000);
  }
  const isExact = (job: (typeof jobs)[number]) =>
    job.status === "completed" &&
    job.done === job.total &&
    job.results === job.total &&
    job.live === JOB_MIX.live &&
    job.dead === JOB_MIX.refusing + JOB_MIX.hanging;
  const exact = jobs.filter(isExact).length;
  const inexact = jobs.filter((job) => !isExact(job));

  const all = [reads, exports, submissions];
  const serverErrors = all.reduce(
    (sum, tally) =>
      sum +
      [...tally.statuses]
        .filter(([status]) => status >= 500 && status !== 503)
        .reduce((n, [, c]) => n + c, 0),
    0,
  );
  const bare503 = all.reduce((sum, tally) => sum + tally.unavailableWithoutRetryAfter, 0);
  const growth = (start: number, end: number) => `${fixed(((end - start) / start) * 100, 1)} %`;
  log("\nresponses by status:");
  log(statusLine("list reads", reads));
  log(statusLine("exports", exports));
  log(statusLine("submissions", submissions));
  log(`  5xx other than 503: ${serverErrors} (target 0); 503 without Retry-After: ${bare503} (target 0)`);
  log(
    `  exports not read for ${(3 * EXPORT_STALL_MS) / 1000} s (EXPORT_STALL_MS ${EXPORT_STALL_MS}): ` +
      `${stalled.join(", ")} (target: cut)`,
  );
  log(
    `list reads p99: ${fixed(percentile(reads.latenciesMs, 99), 1)} ms loaded, ` +
      `${fixed(percentile(unloaded.latenciesMs, 99), 1)} ms unloaded (p50 ${fixed(percentile(reads.latenciesMs, 50), 1)} / ` +
      `${fixed(percentile(unloaded.latenciesMs, 50), 1)} ms)`,
  );
  log(
    `API RSS: ${megabytes(apiStart.rss)} at start, ${megabytes(apiEnd.rss)} at end (${growth(apiStart.rss, apiEnd.rss)}; target < 10 %)`,
  );
  const warmed = apiSeries[2] ?? apiStart.rss;
  log(
    `API RSS each minute: ${apiSeries.map(megabytes).join(", ")}; from minute 2 (every kind of request ` +
      `has run) to the end: ${growth(warmed, apiEnd.rss)}`,
  );
  log(
    `worker RSS: ${megabytes(workerStart)} at start; before each kill ${workerRss.map(megabytes).join(", ")}; ` +
      `the last worker at the end ${megabytes(workerEnd)}`,
  );
  log(`jobs: ${jobIds.length} accepted, ${jobs.length} stored, ${exact} with exact counts (target: all)`);
  for (const job of inexact) {
    const reasons = await client.query(
      "SELECT status, reason, count(*)::int AS n FROM check_items WHERE job_id = $1 GROUP BY 1, 2 ORDER BY 1, 2",
      [job.id],
    );
    log(
      `  not exact: ${JSON.stringify(job)} (expected ${JSON.stringify(JOB_MIX)}); ${JSON.stringify(reasons.rows)}`,
    );
  }
  const failed =
    serverErrors > 0 ||
    bare503 > 0 ||
    exact !== jobs.length ||
    jobs.length !== jobIds.length ||
    stalled.some((outcome) => outcome !== "cut");
  if (failed) process.exitCode = 1;
});
