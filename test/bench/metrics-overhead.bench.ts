import type { ChildProcess } from "node:child_process";
import { type RunningProxy, startMicrosocks } from "@sieve/test-support/harness";
import { runLoad, startJudgeProcess, stopChild } from "./probe/child-process.ts";
import type { LoadFigures } from "./probe/load-pool.ts";
import type { LoadSpec } from "./probe/probe-load.ts";
import { fixed, median, type Row, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * Issue 13's metrics overhead: the probe benchmark's live path (SOCKS5 probes through microsocks
 * to the judge) with every probe counted as the worker counts it (in flight, outcome, duration,
 * Node's default metrics, the registry scraped as Prometheus would) against the same load
 * uncounted, in the same run.
 * Runs alternate which goes first, so drift on a shared machine falls on both.
 */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const CONCURRENCY = 1_000;
const TOTAL = 15_000;
const SECRET = "bench-judge-secret-0123456789";
const TARGET = 0.03;

const children: ChildProcess[] = [];
let proxy: RunningProxy | undefined;

const load = (spec: LoadSpec) => runLoad("test/bench/probe/probe-load.ts", spec);
const perSecond = (figures: LoadFigures) => figures.ok / (figures.wallMs / 1000);
const cpuPerProbe = (figures: LoadFigures) => figures.cpuMs / (figures.ok + figures.failed);

await runBench(
  {
    deadlineMs: 15 * 60_000,
    cleanUp: async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      await proxy?.stop();
    },
  },
  async () => {
    const { child, ...judge } = await startJudgeProcess(SECRET);
    children.push(child);
    proxy = await startMicrosocks({ openFiles: 20_000 });
    const common = {
      mode: "prober" as const,
      proxy: { host: proxy.host, port: proxy.port, protocol: "socks5" as const },
      judge,
      total: TOTAL,
      concurrency: CONCURRENCY,
      warmup: 1_000,
      timeoutMs: 10_000,
    };
    const rates = { on: [] as number[], off: [] as number[] };
    const cpu = { on: [] as number[], off: [] as number[] };
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      const order = repeat % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
      for (const mode of order) {
        const figures = await load({ ...common, metrics: mode === "on" });
        if (figures.failed > 0) console.log(`  note: metrics ${mode}: ${figures.failed} probes failed`);
        rates[mode].push(perSecond(figures));
        cpu[mode].push(cpuPerProbe(figures));
        console.log(
          `  run ${repeat + 1} metrics ${mode}: ${fixed(perSecond(figures))}/s, ` +
            `${fixed(cpuPerProbe(figures), 3)} ms CPU per probe`,
        );
      }
    }
    const rateGap = 1 - median(rates.on) / median(rates.off);
    const cpuGap = median(cpu.on) / median(cpu.off) - 1;
    const rows: Row[] = [
      {
        figure: `live probes/s with metrics, concurrency ${fixed(CONCURRENCY)}`,
        measured: `${fixed(median(rates.on))}/s (${fixed(rateGap * 100, 1)} % slower)`,
        floor: `without metrics ${fixed(median(rates.off))}/s`,
        target: "<= 3 % apart",
        pass: Math.abs(rateGap) <= TARGET,
      },
      {
        figure: "CPU per probe with metrics",
        measured: `${fixed(median(cpu.on), 3)} ms (${fixed(cpuGap * 100, 1)} % more)`,
        floor: `without metrics ${fixed(median(cpu.off), 3)} ms`,
        target: "-",
      },
    ];
    console.log(
      `\nSOCKS5 probes through microsocks to the judge, ${fixed(TOTAL)} per run; medians of ${REPEATS}`,
    );
    console.log(renderTable(rows));
  },
);
