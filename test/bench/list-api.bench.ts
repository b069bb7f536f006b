import { randomBytes } from "node:crypto";
import { ProxyListFilters } from "@sieve/core";
import pg from "pg";
import { firstLineOf, spawnWithManyFiles, stopChild } from "./probe/child-process.ts";
import { type ApiProcess, startApiProcess } from "./support/api-process.ts";
import { createBenchDatabase } from "./support/bench-database.ts";
import { log, serverUrl } from "./support/bench-server.ts";
import { BenchStoppers } from "./support/bench-services.ts";
import {
  copyExportSql,
  type ExportRun,
  exportThroughApi,
  exportThroughCopy,
} from "./support/export-measure.ts";
import { loadApi, loadRaw, type Throughput } from "./support/load.ts";
import { fixed, median, megabytes, renderTable } from "./support/report.ts";
import { buildRequestMix } from "./support/request-mix.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * The list-api benchmark: the proxy list API over a million rows against a bare `node:http` server
 * running the same page query on a pool of the same size (the floor issue 15 names: it pays the
 * same HTTP and JSON cost), with the same SQL run raw beside them for reference; and the CSV export
 * against PostgreSQL's own COPY. Each floor is measured in the same run. Targets: API >= 0.8 x
 * bare and p99 <= 1.5 x bare's p99 at 100 concurrent requests, export >= 0.3 x COPY, export peak
 * RSS <= 200 MB (figures in docs/benchmarks.md).
 */
const ROWS = 1_000_000;
const CONNECTIONS = 100;
const SECONDS = 10;
const WARMUP_SECONDS = 3;
const REPEATS = 3;
// The API's DATABASE_POOL_MAX default, so both sides get the same number of connections.
const POOL_SIZE = 20;
const BENCH_DEADLINE_MS = 20 * 60_000;
const EXPORT_QUERY = { format: "csv", fresh_minutes: "525600" };

const stoppers = new BenchStoppers();
let api: ApiProcess | undefined;

const describe = (t: Throughput, unit: string) =>
  `${fixed(t.perSecond)} ${unit}/s, p50 ${fixed(t.p50Ms, 1)} ms, p99 ${fixed(t.p99Ms, 1)} ms` +
  (t.errors > 0 ? `, ${t.errors} errors` : "");

/** The bare floor in its own process, like the API, so neither shares the load generator's CPU. */
async function startBareServer(databaseUrl: string): Promise<string> {
  const bare = spawnWithManyFiles(
    process.execPath,
    ["--import", "tsx", "test/bench/list-api/bare-list-server.ts"],
    {
      DATABASE_URL: databaseUrl,
      POOL_SIZE: String(POOL_SIZE),
    },
  );
  stoppers.add(() => stopChild(bare, 5000));
  return `http://127.0.0.1:${await firstLineOf(bare)}`;
}

async function measureList(apiKey: string, databaseUrl: string) {
  const requests = buildRequestMix(1000);
  const bareUrl = await startBareServer(databaseUrl);
  const rawPool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  stoppers.add(() => rawPool.end());
  // Dropping the database at the end terminates idle clients; that is expected, not a failure.
  rawPool.on("error", () => {});
  const load = (seconds: number) => ({
    api: () => loadApi({ url: api!.url, apiKey, requests, connections: CONNECTIONS, seconds }),
    bare: () => loadApi({ url: bareUrl, apiKey, requests, connections: CONNECTIONS, seconds }),
    raw: () => loadRaw({ pool: rawPool, requests, concurrency: CONNECTIONS, seconds }),
  });
  // The API's first pass over the mix counts every filter set's total (the steady state holds
  // them cached); under 3 s of warm-up those first counts ran on into the measured rounds.
  log(`warm-up: every request of the mix once through the API, then ${WARMUP_SECONDS} s each`);
  await loadApi({
    url: api!.url,
    apiKey,
    requests,
    connections: CONNECTIONS,
    seconds: 60,
    amount: requests.length,
  });
  await load(WARMUP_SECONDS).api();
  await load(WARMUP_SECONDS).bare();
  await load(WARMUP_SECONDS).raw();
  const apiRuns: Throughput[] = [];
  const bareRuns: Throughput[] = [];
  const rawRuns: Throughput[] = [];
  for (let round = 1; round <= REPEATS; round++) {
    apiRuns.push(await load(SECONDS).api());
    bareRuns.push(await load(SECONDS).bare());
    rawRuns.push(await load(SECONDS).raw());
    log(
      `list round ${round}: api ${describe(apiRuns.at(-1)!, "req")} | bare ${describe(bareRuns.at(-1)!, "req")} | ` +
        `raw ${describe(rawRuns.at(-1)!, "q")}`,
    );
  }
  const summary = (runs: Throughput[]) => ({
    perSecond: median(runs.map((run) => run.perSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  });
  return { api: summary(apiRuns), bare: summary(bareRuns), raw: summary(rawRuns) };
}

async function measureExport(apiKey: string, databaseUrl: string) {
  const path = `/api/v1/api/proxies/export?${new URLSearchParams(EXPORT_QUERY)}`;
  const copySql = copyExportSql(ProxyListFilters.parse({ fresh_minutes: EXPORT_QUERY.fresh_minutes }));
  const exports: ExportRun[] = [];
  const copies: ExportRun[] = [];
  const peaks: number[] = [];
  const before: number[] = [];
  let peakResets = true;
  for (let round = 1; round <= REPEATS; round++) {
    // Without a reset VmHWM would still hold the list load's peak.
    peakResets &&= await api!.resetPeak();
    before.push((await api!.memory()).rss);
    exports.push(await exportThroughApi(api!.url, apiKey, path));
    peaks.push((await api!.memory()).peak);
    copies.push(await exportThroughCopy(databaseUrl, copySql));
    const [exported, copied] = [exports.at(-1)!, copies.at(-1)!];
    log(
      `export round ${round}: api ${fixed(exported.rows)} rows in ${fixed(exported.seconds, 2)} s ` +
        `(${fixed(exported.rowsPerSecond)} rows/s), RSS ${megabytes(before.at(-1)!)} before, ` +
        `peak ${megabytes(peaks.at(-1)!)} | COPY ${fixed(copied.rows)} rows in ${fixed(copied.seconds, 2)} s ` +
        `(${fixed(copied.rowsPerSecond)} rows/s)`,
    );
    if (exported.rows !== copied.rows) log(`  note: export and COPY returned different row counts`);
  }
  if (!peakResets) log("note: /proc/<pid>/clear_refs refused; peak RSS includes the list load");
  return {
    rowsPerSecond: median(exports.map((run) => run.rowsPerSecond)),
    copyRowsPerSecond: median(copies.map((run) => run.rowsPerSecond)),
    rows: median(exports.map((run) => run.rows)),
    idleRss: before[0]!,
    peakRss: median(peaks),
    worstPeakRss: Math.max(...peaks),
  };
}

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp: stoppers.cleanUp }, async () => {
  log(`seeding ${fixed(ROWS)} proxies into sieve_bench`);
  const database = await createBenchDatabase({ serverUrl, name: "sieve_bench", rows: ROWS, log });
  stoppers.database = database;
  api = await startApiProcess({
    DATABASE_URL: database.url,
    RATE_LIMIT_API_READ_FREE: "1000000000",
    RATE_LIMIT_API_EXPORT_FREE: "1000000000",
    // One load generator is one client address: the per-address limit would answer 429s.
    RATE_LIMIT_IP_PER_MINUTE: "1000000000",
    LOG_LEVEL: "warn",
    // Required by the API's check-job routes, which this benchmark never calls.
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    QUEUE_PREFIX: "sieve-bench",
  });
  stoppers.add(() => api!.stop());
  log(`api pid ${api.pid} at ${api.url}`);

  // Export first, while the API holds only what starting it took, so its peak is the export's.
  const exported = await measureExport(database.apiKey, database.url);
  const list = await measureList(database.apiKey, database.url);

  const ratio = list.api.perSecond / list.bare.perSecond;
  const rawRatio = list.api.perSecond / list.raw.perSecond;
  const exportRatio = exported.rowsPerSecond / exported.copyRowsPerSecond;
  log(
    `\nmedians of ${REPEATS}; ${CONNECTIONS} concurrent, ${SECONDS} s per run; pool ${POOL_SIZE} each side`,
  );
  log(
    renderTable([
      {
        figure: "list req/s",
        measured: fixed(list.api.perSecond),
        floor: `${fixed(list.bare.perSecond)} bare (${fixed(list.raw.perSecond)} q/s raw SQL)`,
        target: "",
      },
      {
        figure: "list p50",
        measured: `${fixed(list.api.p50Ms, 1)} ms`,
        floor: `${fixed(list.bare.p50Ms, 1)} ms bare (${fixed(list.raw.p50Ms, 1)} ms raw SQL)`,
        target: "",
      },
      {
        figure: "list API ÷ bare",
        measured: fixed(ratio, 2),
        floor: "1.00",
        target: "≥ 0.8",
        pass: ratio >= 0.8,
      },
      {
        figure: "list API ÷ raw SQL",
        measured: fixed(rawRatio, 2),
        floor: "1.00",
        target: "",
      },
      {
        figure: "list p99",
        measured: `${fixed(list.api.p99Ms, 1)} ms`,
        floor: `${fixed(list.bare.p99Ms, 1)} ms bare (${fixed(list.raw.p99Ms, 1)} ms raw SQL)`,
        target: "≤ 1.5 × bare",
        pass: list.api.p99Ms <= 1.5 * list.bare.p99Ms,
      },
      {
        figure: "list errors (all runs)",
        measured: String(list.api.errors),
        floor: String(list.bare.errors),
        target: "0",
        pass: list.api.errors === 0,
      },
      {
        figure: "export rows/s (CSV)",
        measured: fixed(exported.rowsPerSecond),
        floor: `${fixed(exported.copyRowsPerSecond)} COPY`,
        target: "",
      },
      {
        figure: "export ÷ COPY",
        measured: fixed(exportRatio, 2),
        floor: "1.00",
        target: "≥ 0.3",
        pass: exportRatio >= 0.3,
      },
      {
        figure: "export peak RSS (VmHWM)",
        measured: megabytes(exported.peakRss),
        floor: `${megabytes(exported.idleRss)} idle before 1st`,
        target: "≤ 200 MB",
        pass: exported.worstPeakRss <= 200 * 1024 * 1024,
      },
    ]),
  );
  log(
    `export rows: ${fixed(exported.rows)}; worst peak RSS of ${REPEATS}: ${megabytes(exported.worstPeakRss)}`,
  );
  // Little's law for a closed loop: mean latency = connections / throughput.
  log(
    `with ${CONNECTIONS} requests always in flight the mean latency is ${CONNECTIONS} ÷ throughput: ` +
      `${fixed((1000 * CONNECTIONS) / list.bare.perSecond, 1)} ms at the bare server's own rate`,
  );
});
