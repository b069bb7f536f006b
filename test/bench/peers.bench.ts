import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDebianPeers } from "./peers/debian-peers.ts";
import { runNmap, runProxycheck } from "./peers/debian-runs.ts";
import { buildRounds, type Farm, startFarm, type Target } from "./peers/farm.ts";
import { type Measured, measuredRun } from "./peers/measured-run.ts";
import type { LineResult, NodeLoadSpec } from "./peers/node-load.ts";
import { type Score, scoreLines, scorePortReports } from "./peers/score.ts";
import { type SieveService, startSieveService } from "./peers/service-run.ts";
import { root } from "./probe/child-process.ts";
import { fixed, median } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";
import { WORKER_NODE_ARGS } from "./support/worker-node-args.ts";

/**
 * The peer benchmark: Sieve beside the tools its users would pick instead, on one loopback farm
 * (microsocks, tinyproxy, squid; refusing and hanging ports), same list, same concurrency (500),
 * same timeout (2 s), in one run. Rows: the raw-socket floor (protocol known), Sieve's engine
 * pinned and detected, Sieve as a service (POST /api/check -> worker -> completed, lines without a
 * scheme), Debian's proxycheck, nmap's socks-open-proxy/http-open-proxy scripts, the npm
 * proxy-check package and a Node agents baseline (socks-proxy-agent / https-proxy-agent, protocol
 * known). Each prints wall, CPU and peak RSS of its own processes as ratios to the floor, live
 * found against the farm's truth, live reported for refusing or hanging lines, and exit-IP
 * correctness where the tool reports one. Two lists: ~2,000 live; ~5,000 mixed (40 % live,
 * 40 % refusing, 20 % hanging). Nothing is pointed beyond 127.0.0.0/8 (docs/benchmarks.md).
 */
const CONCURRENCY = 500;
const TIMEOUT_MS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
// 16 SOCKS5 + 8 HTTP proxies; 84 rounds of the farm give 2,016 live lines.
const FARM = { socks: 16, tinyproxy: 6, squid: 2 };
const LIST_ROUNDS = 84;
// One round took about 3.5 minutes on a loaded 2-core machine; BENCH_ROUNDS=3 took 11.
const BENCH_DEADLINE_MS = (5 + 6 * ROUNDS) * 60_000;

interface Run {
  measured: Measured;
  score: Score;
}

interface Tool {
  name: string;
  run(list: Target[], rounds: Target[][]): Promise<Run>;
}

interface Missing {
  name: string;
  missing: string;
}

let farm: Farm | undefined;
let service: SieveService | undefined;
let dir: string | undefined;

async function cleanUp(): Promise<void> {
  await service?.stop();
  await farm?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}

const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024)} MB`;

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp }, async () => {
  const available = ensureDebianPeers((line) => console.log(line));
  farm = await startFarm(FARM);
  const theFarm = farm;
  dir = await mkdtemp(join(tmpdir(), "sieve-bench-peers-"));
  const listFile = join(dir, "list.json");
  service = await startSieveService(theFarm, CONCURRENCY, TIMEOUT_MS);
  const theService = service;

  const nodeTool = (name: string, mode: NodeLoadSpec["mode"]): Tool => ({
    name,
    async run(list) {
      const spec: NodeLoadSpec = {
        mode,
        listFile,
        concurrency: CONCURRENCY,
        timeoutMs: TIMEOUT_MS,
        judge: theFarm.judge,
        peerJudgeAddress: theFarm.peerJudgeAddress,
      };
      const measured = await measuredRun(process.execPath, [
        ...WORKER_NODE_ARGS,
        "--import",
        "tsx",
        `${root}test/bench/peers/node-load.ts`,
        JSON.stringify(spec),
      ]);
      let results: LineResult[];
      try {
        results = JSON.parse(measured.stdout) as LineResult[];
      } catch {
        throw new Error(`no results from ${mode}: ${measured.stderrTail}`);
      }
      return { measured, score: scoreLines(list, results) };
    },
  });
  /** A Debian tool that reports open host:ports; `undefined` where it is not installed. */
  const debianTool = (name: string, runTool: typeof runNmap | undefined): Tool | Missing =>
    runTool
      ? {
          name,
          async run(list, rounds) {
            const { measured, reports } = await runTool(theFarm, rounds, CONCURRENCY, TIMEOUT_MS);
            return { measured, score: scorePortReports(list, reports) };
          },
        }
      : { name, missing: "not available" };
  const tools: (Tool | Missing)[] = [
    nodeTool("raw-socket floor, protocol known", "floor"),
    nodeTool("raw-socket floor to the peers' judge", "floor-peer"),
    nodeTool("Sieve engine, protocol known", "sieve-pinned"),
    nodeTool("Sieve engine, protocol detected", "sieve-detected"),
    {
      name: "Sieve service (POST /api/check -> worker -> completed)",
      async run(list) {
        const { measured, reports } = await theService.check(list);
        return { measured, score: scorePortReports(list, reports) };
      },
    },
    debianTool("Debian proxycheck", available.proxycheck ? runProxycheck : undefined),
    debianTool("nmap socks-open-proxy + http-open-proxy", available.nmap ? runNmap : undefined),
    nodeTool("npm proxy-check (HTTP CONNECT only)", "proxy-check"),
    nodeTool("Node agents baseline, protocol known", "agents"),
  ];

  const lists = [
    { title: "live list", rounds: buildRounds(theFarm, LIST_ROUNDS, false) },
    {
      title: "mixed list (40 % live, 40 % refusing, 20 % hanging)",
      rounds: buildRounds(theFarm, LIST_ROUNDS, true),
    },
  ];
  const tables: string[] = [];
  for (const { title, rounds } of lists) {
    const list = rounds.flat();
    await writeFile(listFile, JSON.stringify(list));
    const truth = list.filter((target) => target.kind === "live").length;
    const counts = { refusing: 0, hanging: 0 };
    for (const target of list) if (target.kind !== "live") counts[target.kind] += 1;
    console.log(
      `\n${title}: ${fixed(list.length)} lines, ${fixed(truth)} live over ${FARM.socks} microsocks, ` +
        `${FARM.tinyproxy} tinyproxy, ${FARM.squid} squid; ${fixed(counts.refusing)} refusing, ${fixed(counts.hanging)} hanging`,
    );
    const results: { name: string; runs?: Run[]; missing?: string }[] = [];
    for (const tool of tools) {
      if ("missing" in tool) {
        results.push({ name: tool.name, missing: tool.missing });
        continue;
      }
      const runs: Run[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        try {
          const run = await tool.run(list, rounds);
          runs.push(run);
          console.log(
            `  ${tool.name}, run ${round + 1}: ${fixed(run.measured.wallMs)} ms wall, ${fixed(run.measured.cpuMs)} CPU ms, ` +
              `${mb(run.measured.maxRssBytes)}, live ${run.score.liveFound}, false live ${run.score.falseLive}, ` +
              `exit ${run.score.exitCorrect}/${run.score.exitReported}`,
          );
        } catch (error) {
          console.log(`  ${tool.name}, run ${round + 1}: failed: ${(error as Error).message}`);
        }
      }
      results.push(runs.length > 0 ? { name: tool.name, runs } : { name: tool.name, missing: "failed" });
    }
    const floorRuns = results[0]!.runs!;
    const floor = {
      wall: median(floorRuns.map((run) => run.measured.wallMs)),
      cpu: median(floorRuns.map((run) => run.measured.cpuMs)),
      rss: median(floorRuns.map((run) => run.measured.maxRssBytes)),
    };
    const cells = [
      ["tool", "wall", "CPU", "peak RSS", `live found of ${fixed(truth)}`, "false live", "exit IP right"],
    ];
    for (const { name, runs, missing } of results) {
      if (!runs) {
        cells.push([name, missing!, "", "", "", "", ""]);
        continue;
      }
      const wall = median(runs.map((run) => run.measured.wallMs));
      const cpu = median(runs.map((run) => run.measured.cpuMs));
      const rss = median(runs.map((run) => run.measured.maxRssBytes));
      const found = runs.map((run) => run.score.liveFound);
      const range = (values: number[]) =>
        Math.min(...values) === Math.max(...values)
          ? fixed(values[0]!)
          : `${fixed(Math.min(...values))}–${fixed(Math.max(...values))}`;
      const exitReported = median(runs.map((run) => run.score.exitReported));
      cells.push([
        name,
        `${fixed(wall)} ms (${fixed(wall / floor.wall, 2)} x)`,
        `${fixed(cpu)} ms (${fixed(cpu / floor.cpu, 2)} x)`,
        `${mb(rss)} (${fixed(rss / floor.rss, 2)} x)`,
        `${range(found)} (${fixed(median(found) / truth, 3)})`,
        range(runs.map((run) => run.score.falseLive)),
        exitReported === 0
          ? "not reported"
          : `${range(runs.map((run) => run.score.exitCorrect))} of ${fixed(exitReported)}`,
      ]);
    }
    const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
    const line = (values: string[]) =>
      values.map((value, column) => value.padEnd(widths[column]!)).join("  ");
    tables.push(
      [
        `${title}: ${fixed(list.length)} lines, ${fixed(truth)} live; concurrency ${CONCURRENCY}, timeout ${TIMEOUT_MS} ms`,
        line(cells[0]!),
        widths.map((width) => "-".repeat(width)).join("  "),
        ...cells.slice(1).map(line),
      ].join("\n"),
    );
  }
  console.log(
    `\nmedians of ${ROUNDS} run(s) per tool; ratios to the raw-socket floor of the same list in the same run; ` +
      `${loadavg()
        .map((load) => load.toFixed(2))
        .join(" ")} load average at the end\n`,
  );
  console.log(tables.join("\n\n"));
});
