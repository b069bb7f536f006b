import type { ChildProcess } from "node:child_process";
import { type RunningProxy, startMicrosocks } from "@sieve/test-support/harness";
import { runLoad, startHangServer, startJudgeProcess, stopChild } from "./probe/child-process.ts";
import type { LoadFigures } from "./probe/load-pool.ts";
import type { LoadSpec } from "./probe/probe-load.ts";
import { fixed, median, type Row, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * The probe benchmark. Live: SOCKS5 probes through microsocks to the judge at several
 * concurrencies, beside a minimal raw-socket client doing the same handshake and request in the
 * same run. Dead: proxies that accept and hang, against ceil(N / C) x timeout. Every load runs in
 * a process of its own so its peak RSS is its own. Targets: live >= 0.8 x the raw client, dead
 * <= 1.15 x ceil(N / C) x timeout, peak RSS <= 400 MB with 5,000 in flight (docs/benchmarks.md).
 */
const CONCURRENCIES = [100, 1_000, 5_000];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DEAD_TOTAL = 10_000;
const DEAD_CONCURRENCY = 5_000;
const DEAD_TIMEOUT_MS = 2_000;
const SECRET = "bench-judge-secret-0123456789";
const BENCH_DEADLINE_MS = 15 * 60_000;

const children: ChildProcess[] = [];
let proxy: RunningProxy | undefined;

async function cleanUp(): Promise<void> {
  await Promise.all(children.map((child) => stopChild(child)));
  await proxy?.stop();
}

const load = (spec: LoadSpec) => runLoad("test/bench/probe/probe-load.ts", spec);
const perSecond = (figures: LoadFigures) => figures.ok / (figures.wallMs / 1000);
const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024)} MB`;

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp }, async () => {
  const { child: judgeProcess, ...judge } = await startJudgeProcess(SECRET);
  children.push(judgeProcess);
  const hang = await startHangServer();
  children.push(hang.child);
  proxy = await startMicrosocks({ openFiles: 20_000 });
  const live = { host: proxy.host, port: proxy.port, protocol: "socks5" as const };

  const rows: Row[] = [];
  let peakLiveRss = 0;
  for (const concurrency of CONCURRENCIES) {
    const total = Math.max(5_000, 3 * concurrency);
    const common = { proxy: live, judge, total, concurrency, warmup: 1_000, timeoutMs: 10_000 };
    const floors: number[] = [];
    const probes: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      const floor = await load({ ...common, mode: "floor" });
      const prober = await load({ ...common, mode: "prober" });
      if (prober.failed > 0 || floor.failed > 0) {
        console.log(`  note: c=${concurrency} failures prober=${prober.failed} floor=${floor.failed}`);
      }
      floors.push(perSecond(floor));
      probes.push(perSecond(prober));
      if (concurrency === 5_000) peakLiveRss = Math.max(peakLiveRss, prober.maxRssBytes);
      console.log(
        `  c=${concurrency} run ${repeat + 1}: prober ${fixed(perSecond(prober))}/s, floor ${fixed(perSecond(floor))}/s`,
      );
    }
    const ratio = median(probes) / median(floors);
    rows.push({
      figure: `live probes/s, concurrency ${fixed(concurrency)} (${fixed(total)} probes)`,
      measured: `${fixed(median(probes))}/s`,
      floor: `${fixed(median(floors))}/s (ratio ${fixed(ratio, 2)})`,
      target: ">= 0.80 x floor",
      pass: ratio >= 0.8,
    });
  }

  const deadWalls: number[] = [];
  const rawDeadWalls: number[] = [];
  const deadRss: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const deadSpec = {
      proxy: { host: "127.0.0.1", port: hang.port, protocol: "socks5" as const },
      judge,
      total: DEAD_TOTAL,
      concurrency: DEAD_CONCURRENCY,
      warmup: 0,
      timeoutMs: DEAD_TIMEOUT_MS,
    };
    const raw = await load({ ...deadSpec, mode: "floor" });
    const dead = await load({ ...deadSpec, mode: "prober" });
    rawDeadWalls.push(raw.wallMs);
    deadWalls.push(dead.wallMs);
    deadRss.push(dead.maxRssBytes);
    console.log(
      `  dead run ${repeat + 1}: prober ${fixed(dead.wallMs)} ms, outcomes ${JSON.stringify(dead.outcomes)}, ` +
        `peak in flight ${dead.peakInFlight}; raw-socket client ${fixed(raw.wallMs)} ms`,
    );
  }
  const deadFloorMs = Math.ceil(DEAD_TOTAL / DEAD_CONCURRENCY) * DEAD_TIMEOUT_MS;
  const deadRatio = median(deadWalls) / deadFloorMs;

  const peakRss = Math.max(peakLiveRss, ...deadRss);
  rows.push(
    {
      figure: `${fixed(DEAD_TOTAL)} dead proxies, concurrency ${fixed(DEAD_CONCURRENCY)}, ${DEAD_TIMEOUT_MS} ms timeout`,
      measured: `${fixed(median(deadWalls))} ms`,
      floor:
        `${fixed(deadFloorMs)} ms = ceil(N/C) x timeout (ratio ${fixed(deadRatio, 2)}); ` +
        `raw-socket client ${fixed(median(rawDeadWalls))} ms`,
      target: "<= 1.15 x floor",
      pass: deadRatio <= 1.15,
    },
    {
      figure: "peak RSS, 5,000 probes in flight",
      measured: `live ${mb(peakLiveRss)}, dead ${mb(Math.max(...deadRss))}`,
      floor: "-",
      target: "<= 400 MB",
      pass: peakRss <= 400 * 1024 * 1024,
    },
  );
  console.log(`\nSOCKS5 probes through microsocks to the judge; medians of ${REPEATS} runs`);
  console.log(renderTable(rows));
});
