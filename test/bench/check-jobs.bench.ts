import { performance } from "node:perf_hooks";
import { freePort, type RunningProxy, startMicrosocks } from "@sieve/test-support/harness";
import type { FloorSpec } from "./check-jobs/floor-load.ts";
import { createJobClient, type JobClient } from "./check-jobs/job-client.ts";
import { measureMixFloor } from "./check-jobs/mix-floor.ts";
import { backendCpu, farmCpu, farmCpuSpent, processCpuMs } from "./check-jobs/process-cpu.ts";
import { buildProxyMix, type MixPorts, plainLines } from "./check-jobs/proxy-mix.ts";
import { queueDrained, type RedisFootprint, redisFootprint } from "./check-jobs/redis-footprint.ts";
import { startWorkerFleet, type WorkerFleet } from "./check-jobs/worker-fleet.ts";
import { runLoad, startHangServer, stopChild } from "./probe/child-process.ts";
import { log } from "./support/bench-server.ts";
import { type BenchJudge, BenchStoppers, startBenchServices } from "./support/bench-services.ts";
import { fixed, median, megabytes, type Row, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * The check-jobs benchmark. 100,000 SOCKS5 lines against loopback fakes (live microsocks, refusing
 * closed ports, hanging accept-and-wait ports) checked by 1 and by 2 real worker processes,
 * beside the probe benchmark's raw-socket floor for the same mix at the same total concurrency,
 * measured in the same run. Pinned lines are ~35 bytes, so the 100,000 go in as two 50,000-line
 * requests (one would exceed the 2 MB body limit); the answer time is measured on a 2 MB request
 * of 100,000 `ip:port` lines. Redis memory is read from a private Redis. Targets: the 202 within
 * 2 s, completion <= 1.15 x the floor, no live line reported dead, Redis bounded (figures in
 * docs/benchmarks.md).
 *
 * BENCH_ANSWER_ONLY=1 runs the answer rounds only (no microsocks, no workers, no completion runs):
 * seconds instead of minutes, for work on the 202.
 */
const MIX = { live: 85_000, refusing: 10_000, hanging: 5_000 };
const TOTAL = MIX.live + MIX.refusing + MIX.hanging;
const REQUESTS = 2;
const CONCURRENCY = 1_000;
const TIMEOUT_MS = 2_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const ANSWER_REPEATS = 5;
const ANSWER_LINES = 100_000;
// Many listeners, so no (address, port) pair runs out of ephemeral ports while TIME_WAIT lasts.
const LIVE_PROXIES = 16;
const REFUSING_PORTS = 8;
const FLOOR_LIVE_SAMPLE = 40_000;
const MEMORY_JOBS = Number(process.env.BENCH_MEMORY_JOBS ?? 100);
const MEMORY_JOB_MIX = { live: 900, refusing: 100, hanging: 0 };
const BENCH_DEADLINE_MS = 40 * 60_000;
// For finding a miss: BENCH_FLEETS=1 runs one fleet size only; BENCH_WORKER_ENV='{"WORKER_…":"…"}' overrides.
const FLEETS = (process.env.BENCH_FLEETS ?? "1,2").split(",").map(Number);
const WORKER_ENV_OVERRIDES = JSON.parse(process.env.BENCH_WORKER_ENV ?? "{}") as Record<string, string>;
// BENCH_CPU_PROF=<dir> writes the API's and each worker's CPU profile there when they stop.
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const ANSWER_ONLY = process.env.BENCH_ANSWER_ONLY === "1";

const stoppers = new BenchStoppers();

const floorLoad = (spec: FloorSpec) => runLoad("test/bench/check-jobs/floor-load.ts", spec);

/** Live requests of the floor's live samples that failed: the truth the workers' live lines are held to. */
let floorLiveFailed = 0;

async function mixFloorMs(ports: MixPorts, judge: BenchJudge): Promise<number> {
  const floor = await measureMixFloor(
    {
      host: "127.0.0.1",
      ports,
      judgeUrl: judge.httpUrl,
      judgeSecret: judge.secret,
      timeoutMs: TIMEOUT_MS,
      concurrency: CONCURRENCY,
      mix: MIX,
      liveSample: FLOOR_LIVE_SAMPLE,
    },
    floorLoad,
  );
  floorLiveFailed += floor.liveFailed;
  return floor.ms;
}

/** Submits the mix as its requests and waits for every job; ms from the first 202 to the last completion. */
async function checkMix(
  client: JobClient,
  texts: string[],
): Promise<{ completionMs: number; answerMs: number[]; liveReportedDead: number }> {
  const submitted = [];
  for (const text of texts) submitted.push(await client.submit(text));
  const { at, jobs } = await client.completion(submitted.map((job) => job.jobId));
  const live = jobs.reduce((sum, job) => sum + job.counts.live, 0);
  const dead = jobs.reduce((sum, job) => sum + job.counts.dead, 0);
  if (live !== MIX.live || dead !== MIX.refusing + MIX.hanging) {
    log(`  note: expected ${MIX.live} live and ${MIX.refusing + MIX.hanging} dead, got ${live} and ${dead}`);
  }
  // Every live line is a working microsocks (the floor's live sample shows them answering): a
  // live line short is a live proxy reported dead.
  return {
    completionMs: at - submitted[0]!.answeredAt,
    answerMs: submitted.map((job) => job.answerMs),
    liveReportedDead: Math.max(0, MIX.live - live),
  };
}

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp: stoppers.cleanUp }, async () => {
  const { api, database, redis, judge, prefix, workerEnv } = await startBenchServices(stoppers, {
    name: "sieve_bench_check_jobs",
    apiNodeArgs: CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF_DIR] : [],
    apiEnv: {
      CHECK_MAX_ITEMS_IN_FLIGHT: "100000000",
      // The answer rounds submit 100,000 distinct loopback hosts each; the free tier's daily cap
      // (5,000) would refuse the first.
      FREE_DAILY_DISTINCT_HOSTS: "1000000000",
    },
  });
  const client = createJobClient(api.url, database.apiKey);
  const initial = await redisFootprint(redis.url, prefix);

  // The answer, with no worker running: each job is cancelled at once and never probed, so the
  // lines' port is never dialled.
  const plain = plainLines(ANSWER_LINES, await freePort());
  log(`answer: ${fixed(ANSWER_LINES)} ip:port lines, ${megabytes(Buffer.byteLength(plain))} as text/plain`);
  const answers: number[] = [];
  for (let round = 0; round < ANSWER_REPEATS; round += 1) {
    const job = await client.submit(plain);
    await client.cancel(job.jobId);
    answers.push(job.answerMs);
    log(`  round ${round + 1}: 202 in ${fixed(job.answerMs)} ms (total ${fixed(job.total)})`);
  }
  const answerRow: Row = {
    figure: `202 answer, ${fixed(ANSWER_LINES)} ip:port lines (${megabytes(Buffer.byteLength(plain))})`,
    measured: `${fixed(median(answers))} ms (fastest ${fixed(Math.min(...answers))} ms)`,
    floor: "-",
    target: "<= 2,000 ms",
    pass: median(answers) <= 2_000,
  };
  if (ANSWER_ONLY) {
    log(`\nmedian of ${ANSWER_REPEATS} answers`);
    log(renderTable([answerRow]));
    return;
  }

  const hang = await startHangServer();
  stoppers.add(() => stopChild(hang.child));
  const proxies: RunningProxy[] = [];
  for (let index = 0; index < LIVE_PROXIES; index += 1) {
    const proxy = await startMicrosocks({ openFiles: 20_000 });
    proxies.push(proxy);
    stoppers.add(() => proxy.stop());
  }
  const refusing: number[] = [];
  for (let index = 0; index < REFUSING_PORTS; index += 1) refusing.push(await freePort());
  const ports: MixPorts = {
    live: proxies.map((proxy) => proxy.port),
    refusing,
    hanging: [hang.port],
  };

  const mix = buildProxyMix(ports, MIX);
  const perRequest = Math.ceil(mix.length / REQUESTS);
  const texts = Array.from({ length: REQUESTS }, (_, index) =>
    mix.slice(index * perRequest, (index + 1) * perRequest).join("\n"),
  );
  log(
    `mix: ${fixed(MIX.live)} live over ${LIVE_PROXIES} microsocks, ${fixed(MIX.refusing)} refusing, ` +
      `${fixed(MIX.hanging)} hanging (${TIMEOUT_MS} ms timeout); ${REQUESTS} requests of ` +
      texts.map((text) => megabytes(Buffer.byteLength(text))).join(", "),
  );

  const fleetEnv = (processes: number) =>
    workerEnv(TIMEOUT_MS, {
      WORKER_PROBE_CONCURRENCY: String(CONCURRENCY / processes),
      ...WORKER_ENV_OVERRIDES,
    });
  const profileArgs = CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF_DIR] : [];
  const rows: Row[] = [];
  const pinnedAnswers: number[] = [];
  let afterBigJobs: RedisFootprint | undefined;
  let fleet: WorkerFleet | undefined;
  for (const processes of FLEETS) {
    fleet = await startWorkerFleet(processes, fleetEnv(processes), profileArgs);
    stoppers.add(fleet.stop);
    await queueDrained(redis.url, prefix);
    log(
      `${processes} worker process(es), pids ${fleet.pids.join(", ")}, ${CONCURRENCY / processes} probes each`,
    );
    const completions: number[] = [];
    const floors: number[] = [];
    let liveReportedDead = 0;
    for (let round = 0; round < REPEATS; round += 1) {
      const farmBeforeFloor = await farmCpu();
      floors.push(await mixFloorMs(ports, judge));
      const floorFarm = farmCpuSpent(farmBeforeFloor, await farmCpu());
      const farmBefore = await farmCpu();
      const before = await backendCpu(database.url);
      const cpuBefore = await processCpuMs(fleet.pids);
      const run = await checkMix(client, texts);
      const cpuMs = (await processCpuMs(fleet.pids)) - cpuBefore;
      const after = await backendCpu(database.url);
      const runFarm = farmCpuSpent(farmBefore, await farmCpu());
      // Backends opened during the run started from nothing.
      const databaseCpuMs = [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
      completions.push(run.completionMs);
      liveReportedDead += run.liveReportedDead;
      pinnedAnswers.push(...run.answerMs);
      log(
        `  run ${round + 1}: completed in ${fixed(run.completionMs)} ms, floor ${fixed(floors.at(-1)!)} ms ` +
          `(ratio ${fixed(run.completionMs / floors.at(-1)!, 2)}); CPU per line: workers ${fixed(cpuMs / TOTAL, 3)} ms, PostgreSQL ${fixed(databaseCpuMs / TOTAL, 3)} ms`,
      );
      // Both sides share the two cores with the proxies and the judge: their CPU per live line, for
      // each side. The floor sends only its live sample through them (its refusing ports are
      // closed, its hanging share is a formula), so its figure is per live request it sent.
      const perLiveLine = (spent: Record<string, number>, liveLines: number) =>
        Object.entries(spent)
          .map(([kind, ms]) => `${kind} ${fixed(ms / liveLines, 3)}`)
          .join(", ");
      log(
        `    far side CPU ms per live line: floor ${perLiveLine(floorFarm, FLOOR_LIVE_SAMPLE)}; ` +
          `workers ${perLiveLine(runFarm, MIX.live)}`,
      );
    }
    const ratio = median(completions) / median(floors);
    rows.push({
      figure: `completion, ${processes} worker process${processes > 1 ? "es" : ""} (${CONCURRENCY / processes} probes each)`,
      measured: `${fixed(median(completions))} ms`,
      floor: `${fixed(median(floors))} ms (ratio ${fixed(ratio, 2)})`,
      target: "<= 1.15 x floor",
      pass: ratio <= 1.15,
    });
    rows.push({
      figure: `live lines reported dead, ${processes} worker process${processes > 1 ? "es" : ""}, ${REPEATS} runs`,
      measured: fixed(liveReportedDead),
      floor: `raw client's live samples failed ${fixed(floorLiveFailed)}`,
      target: "0",
      pass: liveReportedDead === 0,
    });
    if (fleet.warnings().length > 0)
      log(`  note: workers logged ${fleet.warnings().length} warnings, e.g. ${fleet.warnings()[0]}`);
    afterBigJobs = await redisFootprint(redis.url, prefix);
    if (processes !== FLEETS.at(-1)) await fleet.stop();
  }

  // Redis after many finished jobs: what is left under the prefix should not grow with them.
  const memoryMix = buildProxyMix(ports, MEMORY_JOB_MIX);
  const memoryText = memoryMix.join("\n");
  const memoryStarted = performance.now();
  for (let job = 0; job < MEMORY_JOBS; job += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, MEMORY_JOBS - job) }, () => client.submit(memoryText)),
    );
    await client.completion(batch.map((submitted) => submitted.jobId));
  }
  await queueDrained(redis.url, prefix);
  const final = await redisFootprint(redis.url, prefix);
  const bigJobs = REPEATS * FLEETS.length * REQUESTS;
  log(
    `redis: ${MEMORY_JOBS} jobs of ${fixed(memoryMix.length)} lines in ${fixed((performance.now() - memoryStarted) / 1000, 1)} s; ` +
      `used_memory ${megabytes(initial.usedMemory)} before any job, ${megabytes(afterBigJobs!.usedMemory)} after ` +
      `${bigJobs} jobs of 50,000, ${megabytes(final.usedMemory)} after ${MEMORY_JOBS} more; keys under the prefix ` +
      `${initial.keys} / ${afterBigJobs!.keys} / ${final.keys} (${megabytes(final.prefixBytes)}), chunk keys left ${final.chunkKeys}`,
  );

  rows.unshift(answerRow, {
    figure: `202 answer, 50,000 socks5://user:pass@ lines (${megabytes(Buffer.byteLength(texts[0]!))})`,
    measured: `${fixed(median(pinnedAnswers))} ms`,
    floor: "-",
    target: "",
  });
  const growth = final.usedMemory - afterBigJobs!.usedMemory;
  rows.push({
    figure: `Redis used_memory after ${bigJobs + MEMORY_JOBS + ANSWER_REPEATS} jobs`,
    measured: `${megabytes(final.usedMemory)} (+${megabytes(Math.max(0, growth))} over the last ${MEMORY_JOBS})`,
    floor: `${megabytes(initial.usedMemory)} before any job`,
    target: "bounded: no chunk keys left",
    pass: final.chunkKeys === 0 && growth < 5 * 1024 * 1024,
  });
  log(
    `\nmedians; ${REPEATS} completion runs per fleet, ${ANSWER_REPEATS} answers; concurrency ${CONCURRENCY} in total ` +
      `on both sides; CHECK_CHUNK_SIZE and WORKER_* other than probe concurrency at their defaults` +
      (Object.keys(WORKER_ENV_OVERRIDES).length > 0 ? ` except ${JSON.stringify(WORKER_ENV_OVERRIDES)}` : ""),
  );
  log(renderTable(rows));
});
