import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, type RunningProxy, startMicrosocks } from "@sieve/test-support/harness";
import { createJobClient } from "./check-jobs/job-client.ts";
import { processCpuMs } from "./check-jobs/process-cpu.ts";
import { buildProxyMix } from "./check-jobs/proxy-mix.ts";
import { startWorkerFleet } from "./check-jobs/worker-fleet.ts";
import { type DelayingForwarder, startDelayingForwarder } from "./sse/delaying-forwarder.ts";
import { watchProgress } from "./sse/progress-watch.ts";
import { type StreamTally, type SubscriberResult, subscribe } from "./sse/sse-subscriber.ts";
import type { ApiProcess } from "./support/api-process.ts";
import { log } from "./support/bench-server.ts";
import { BenchStoppers, startBenchServices } from "./support/bench-services.ts";
import { fixed, median, megabytes, type Row, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * The job-events benchmark. One API process (a child, so its RSS and CPU are its own) holds
 * 1,000 Server-Sent Events streams: 10 subscribers on each of 100 jobs that one real worker is
 * checking against loopback fakes (microsocks behind forwarders that hold each connection a
 * random time, so every job's progress moves for ~20 s, and refusing ports). The jobs start once
 * every stream is open. Memory and CPU per subscriber are the API's RSS and CPU time while the
 * streams are open, less the same API idle, measured first in the same run. Events are counted
 * at the subscribers, beside the ceiling the route allows (one progress event per 500 ms per
 * stream) and beside the changes the jobs went through, read from PostgreSQL. Every subscriber
 * must receive its `end` event.
 */
const JOBS = Number(process.env.BENCH_SSE_JOBS ?? 100);
const SUBSCRIBERS_PER_JOB = Number(process.env.BENCH_SSE_SUBSCRIBERS_PER_JOB ?? 10);
const SUBSCRIBERS = JOBS * SUBSCRIBERS_PER_JOB;
// Per job: live lines through forwarders that hold each connection up to SPREAD_MS, so every job
// moves for about that long, all at once (every probe of every job in flight together), and a
// few refusing ones.
const JOB_MIX = { live: 40, refusing: 2, hanging: 0 };
const SPREAD_MS = 20_000;
const TIMEOUT_MS = SPREAD_MS + 10_000;
const PROBE_CONCURRENCY = 5_000;
const LIVE_PROXIES = 4;
const IDLE_MS = 10_000;
const SETTLE_MS = 15_000;
// Streams opened at once: each opening reads the job once, on the API's database pool.
const OPEN_WAVE = Number(process.env.BENCH_SSE_OPEN_WAVE ?? 50);
const SAMPLE_EVERY_MS = 250;
const EVENT_INTERVAL_MS = 500;
const BENCH_DEADLINE_MS = 15 * 60_000;

const stoppers = new BenchStoppers();

/** RSS samples of the API every SAMPLE_EVERY_MS until `stop` is called; each tagged with open streams. */
function sampleMemory(api: ApiProcess, tally: StreamTally) {
  const samples: { rss: number; open: number }[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      samples.push({ rss: (await api.memory()).rss, open: tally.open });
      await sleep(SAMPLE_EVERY_MS);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp: stoppers.cleanUp }, async () => {
  const { api, database, workerEnv } = await startBenchServices(stoppers, {
    name: "sieve_bench_sse",
    apiEnv: { CHECK_MAX_ITEMS_IN_FLIGHT: "100000000" },
  });
  const forwarders: DelayingForwarder[] = [];
  for (let index = 0; index < LIVE_PROXIES; index += 1) {
    const proxy: RunningProxy = await startMicrosocks({ openFiles: 20_000 });
    stoppers.add(() => proxy.stop());
    const forwarder = await startDelayingForwarder(proxy.port, SPREAD_MS);
    forwarders.push(forwarder);
    stoppers.add(() => forwarder.close());
  }
  // A port nothing listens on: the refusing lines.
  const refusingPort = await freePort();
  const startWorker = async () => {
    const fleet = await startWorkerFleet(
      1,
      workerEnv(TIMEOUT_MS, { WORKER_PROBE_CONCURRENCY: String(PROBE_CONCURRENCY) }),
    );
    stoppers.add(fleet.stop);
    return fleet;
  };
  const client = createJobClient(api.url, database.apiKey);
  const lines = buildProxyMix(
    { live: forwarders.map((forwarder) => forwarder.port), refusing: [refusingPort], hanging: [] },
    JOB_MIX,
  );
  const jobText = lines.join("\n");

  // Warm-up: one job followed to its end over the stream, so the idle API has loaded every code
  // path the measured run uses. That worker then stops: the measured jobs must not start before
  // all their subscribers are there.
  const warmWorker = await startWorker();
  const warm = await client.submit(jobText);
  const warmResult = await subscribe(api.url, database.apiKey, warm.jobId, { open: 0, events: 0 });
  if (!warmResult.ended) throw new Error("the warm-up stream closed without its end event");
  await warmWorker.stop();
  // Long enough for the collections after the warm-up to be over before the idle window.
  await sleep(SETTLE_MS);

  // The same API idle: no stream open, no job running.
  const idleTally: StreamTally = { open: 0, events: 0 };
  const idleSampler = sampleMemory(api, idleTally);
  const idleCpuBefore = await processCpuMs([api.pid]);
  const idleStarted = performance.now();
  await sleep(IDLE_MS);
  const idleCpuMsPerS =
    ((await processCpuMs([api.pid])) - idleCpuBefore) / ((performance.now() - idleStarted) / 1000);
  await idleSampler.stop();
  const idleRss = median(idleSampler.samples.map((sample) => sample.rss));
  log(`idle API: RSS ${megabytes(idleRss)}, CPU ${fixed(idleCpuMsPerS, 1)} ms/s over ${IDLE_MS / 1000} s`);

  // The jobs, a few submissions at a time (a burst of 100 outruns the API's database pool), then
  // their subscribers, opened in waves for the same reason.
  const jobs: { jobId: string }[] = [];
  for (let job = 0; job < JOBS; job += 4) {
    const batch = Math.min(4, JOBS - job);
    jobs.push(...(await Promise.all(Array.from({ length: batch }, () => client.submit(jobText)))));
  }
  log(
    `submitted ${JOBS} jobs of ${lines.length} lines (${JSON.stringify(JOB_MIX)}, live answering within ${SPREAD_MS} ms)`,
  );
  const tally: StreamTally = { open: 0, events: 0 };
  await api.resetPeak();
  const sampler = sampleMemory(api, tally);
  const openCpuBefore = await processCpuMs([api.pid]);
  const openStarted = performance.now();
  const pending: Promise<SubscriberResult | Error>[] = [];
  const targets = jobs.flatMap((job) => Array.from({ length: SUBSCRIBERS_PER_JOB }, () => job.jobId));
  for (let first = 0; first < targets.length; first += OPEN_WAVE) {
    const wave = targets.slice(first, first + OPEN_WAVE).map((jobId) => {
      let opened!: () => void;
      const open = new Promise<void>((resolve) => {
        opened = resolve;
      });
      const done = subscribe(api.url, database.apiKey, jobId, tally, opened).catch((error: Error) => error);
      pending.push(done);
      return Promise.race([open, done]);
    });
    await Promise.all(wave);
  }
  const openMs = performance.now() - openStarted;
  const openCpuMs = (await processCpuMs([api.pid])) - openCpuBefore;
  const openTally = tally.open;
  log(
    `${fixed(openTally)} streams open after ${fixed(openMs)} ms (API CPU ${fixed(openCpuMs)} ms); starting the worker`,
  );
  // Streaming: from the worker being ready to the last end event.
  const watch = watchProgress(
    database.url,
    jobs.map((job) => job.jobId),
  );
  await startWorker();
  const cpuBefore = await processCpuMs([api.pid]);
  const started = performance.now();
  const results = await Promise.all(pending);
  const finished = performance.now();
  const possible = await watch.stop(EVENT_INTERVAL_MS);
  const possibleEvents =
    [...possible.values()].reduce((sum, events) => sum + events, 0) * SUBSCRIBERS_PER_JOB;
  const cpuMs = (await processCpuMs([api.pid])) - cpuBefore;
  await sampler.stop();
  const peak = (await api.memory()).peak;
  const streamingS = (finished - started) / 1000;

  const failures = results.filter((result): result is Error => result instanceof Error);
  const streams = results.filter((result): result is SubscriberResult => !(result instanceof Error));
  const ended = streams.filter((result) => result.ended).length;
  const events = streams.reduce((sum, result) => sum + result.progressEvents + (result.ended ? 1 : 0), 0);
  const minGap = Math.min(...streams.map((result) => result.minGapMs));
  // While every stream is open: what the 1,000 cost the API above its idle self.
  const fullSamples = sampler.samples.filter((sample) => sample.open === openTally);
  const openRss = fullSamples.length > 0 ? median(fullSamples.map((sample) => sample.rss)) : Number.NaN;
  const rssPerSubscriber = (openRss - idleRss) / SUBSCRIBERS;
  const cpuPerSubscriberMsPerS = (cpuMs / streamingS - idleCpuMsPerS) / SUBSCRIBERS;
  const ceiling = SUBSCRIBERS * (1000 / EVENT_INTERVAL_MS);
  const [load1, load5] = loadavg();
  if (failures.length > 0) log(`  note: ${failures.length} streams failed, e.g. ${failures[0]!.message}`);
  log(
    `${SUBSCRIBERS} subscribers (${SUBSCRIBERS_PER_JOB} per job): last end ${fixed(streamingS, 1)} s after the worker was ready; ${fixed(events)} events (${fixed(events / SUBSCRIBERS, 1)} per subscriber), ` +
      `API CPU ${fixed(cpuMs)} ms, RSS ${megabytes(openRss)} with every stream open (${fullSamples.length} samples), peak ${megabytes(peak)}; ` +
      `load average ${fixed(load1!, 2)} / ${fixed(load5!, 2)} (1 / 5 min)`,
  );

  const rows: Row[] = [
    {
      figure: `subscribers that received their end event`,
      measured: `${fixed(ended)} / ${fixed(SUBSCRIBERS)}`,
      floor: "-",
      target: "all",
      pass: ended === SUBSCRIBERS,
    },
    {
      figure: "API RSS per subscriber",
      measured: `${fixed(rssPerSubscriber / 1024, 1)} KiB`,
      floor: `idle API ${megabytes(idleRss)}; ${megabytes(openRss)} with ${fixed(SUBSCRIBERS)} open`,
      target: "",
    },
    {
      figure: "API CPU per subscriber",
      measured: `${fixed(cpuPerSubscriberMsPerS * 1000, 1)} µs/s`,
      floor: `idle API ${fixed(idleCpuMsPerS, 1)} ms/s; ${fixed(cpuMs / streamingS, 1)} ms/s streaming (${fixed(streamingS, 1)} s)`,
      target: "",
    },
    {
      figure: `API CPU per stream opened (${OPEN_WAVE} at a time)`,
      measured: `${fixed(openCpuMs / SUBSCRIBERS, 2)} ms`,
      floor: `${fixed(SUBSCRIBERS)} opened in ${fixed(openMs)} ms`,
      target: "",
    },
    {
      figure: "events per second delivered",
      measured: fixed(events / streamingS),
      floor: `ceiling ${fixed(ceiling)}/s (1 per ${EVENT_INTERVAL_MS} ms per stream)`,
      target: "",
    },
    {
      figure: "events delivered, against the jobs' changes",
      measured: fixed(events),
      floor: `${fixed(possibleEvents)} (changes seen in PostgreSQL every 100 ms, one per ${EVENT_INTERVAL_MS} ms window)`,
      target: "",
    },
    {
      // The route spaces events by its own clock; measured here on arrival, so delivery jitter shows.
      figure: "shortest gap between two progress events of one stream, on arrival",
      measured: `${fixed(minGap)} ms`,
      floor: "-",
      target: `${EVENT_INTERVAL_MS} ms at the server`,
    },
  ];
  log(renderTable(rows));
  if (ended !== SUBSCRIBERS) process.exitCode = 1;
});
