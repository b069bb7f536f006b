import type { ProxyProtocol } from "@sieve/vocabulary";
import { fixed, median, type Row } from "../support/report.ts";
import { runLoad } from "./child-process.ts";
import type { LoadFigures } from "./load-pool.ts";
import type { LoadSpec } from "./probe-load.ts";

type Line = { host: string; port: number; protocol: ProxyProtocol };

export interface DetectionLists {
  /** Live lines only: microsocks (SOCKS5) and tinyproxy (HTTP), alternating. */
  live: Line[];
  /** Issue 15's mixed list, as interleaved rounds of 10: 4 live, 4 refusing, 2 hanging. */
  mixed: Line[];
  /** How many of each list's lines are live (a refusing or hanging one never is). */
  liveShare: { live: number; mixed: number };
}

/** The two lists the detection rows probe, from the bench's live proxies and dead ports. */
export function detectionLists(
  socks5: Line,
  http: Line,
  refusingPort: number,
  hangingPort: number,
): DetectionLists {
  const refusing = (protocol: ProxyProtocol): Line => ({ host: "127.0.0.1", port: refusingPort, protocol });
  const hanging = (protocol: ProxyProtocol): Line => ({ host: "127.0.0.1", port: hangingPort, protocol });
  return {
    live: [socks5, http],
    mixed: [
      socks5,
      refusing("socks5"),
      http,
      refusing("http"),
      hanging("socks5"),
      socks5,
      refusing("socks5"),
      http,
      refusing("http"),
      hanging("http"),
    ],
    liveShare: { live: 1, mixed: 0.4 },
  };
}

export interface DetectionSettings {
  judge: LoadSpec["judge"];
  total: number;
  concurrency: number;
  timeoutMs: number;
  repeats: number;
  /** BENCH_CPU_PROF: each detected load writes a V8 CPU profile into this folder. */
  cpuProfDir?: string | undefined;
}

export interface DetectionRow {
  row: Row;
  /** Live lines not reported live, over every run of the row. */
  liveReportedDead: number;
}

/**
 * One list probed pinned (each line's protocol given) and then detected (none given), `repeats`
 * times alternating; medians of wall and of the load process's CPU, against `target` x pinned.
 */
export async function detectionRow(
  name: string,
  list: Line[],
  liveShare: number,
  target: number,
  settings: DetectionSettings,
): Promise<DetectionRow> {
  const spec: LoadSpec = {
    mode: "prober",
    proxy: list[0]!,
    proxies: list,
    judge: settings.judge,
    total: settings.total,
    concurrency: settings.concurrency,
    warmup: 500,
    timeoutMs: settings.timeoutMs,
  };
  const expectedLive = Math.round(settings.total * liveShare);
  const pinned: LoadFigures[] = [];
  const tunnelled: LoadFigures[] = [];
  const detected: LoadFigures[] = [];
  let liveReportedDead = 0;
  for (let repeat = 0; repeat < settings.repeats; repeat += 1) {
    const bare = await runLoad("test/bench/probe/probe-load.ts", spec);
    const withTls = await runLoad("test/bench/probe/probe-load.ts", { ...spec, tlsTunnel: true });
    const found = await runLoad(
      "test/bench/probe/probe-load.ts",
      { ...spec, detect: true },
      settings.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${settings.cpuProfDir}`] : [],
    );
    pinned.push(bare);
    tunnelled.push(withTls);
    detected.push(found);
    liveReportedDead += [bare, withTls, found].reduce(
      (sum, run) => sum + Math.max(0, expectedLive - run.ok),
      0,
    );
    console.log(
      `  detection (${name}) run ${repeat + 1}: pinned ${fixed(bare.wallMs)} ms / ${fixed(bare.cpuMs)} CPU ms ` +
        `(${JSON.stringify(bare.outcomes)}), pinned + https ${fixed(withTls.wallMs)} ms / ${fixed(withTls.cpuMs)} CPU ms, detected ${fixed(found.wallMs)} ms / ${fixed(found.cpuMs)} CPU ms ` +
        `(${JSON.stringify(found.outcomes)})`,
    );
  }
  const wall = {
    pinned: median(pinned.map((f) => f.wallMs)),
    detected: median(detected.map((f) => f.wallMs)),
  };
  const cpu = { pinned: median(pinned.map((f) => f.cpuMs)), detected: median(detected.map((f) => f.cpuMs)) };
  // What reporting https costs alone: the pinned check with http lines also tried over CONNECT + TLS.
  const withTls = {
    wall: median(tunnelled.map((f) => f.wallMs)),
    cpu: median(tunnelled.map((f) => f.cpuMs)),
  };
  const wallRatio = wall.detected / wall.pinned;
  const cpuRatio = cpu.detected / cpu.pinned;
  return {
    liveReportedDead,
    row: {
      figure: `detected, ${fixed(settings.total)} ${name}, concurrency ${settings.concurrency}`,
      measured: `${fixed(wall.detected)} ms wall, ${fixed(cpu.detected)} CPU ms`,
      floor:
        `pinned ${fixed(wall.pinned)} ms, ${fixed(cpu.pinned)} CPU ms (ratios ${fixed(wallRatio, 2)}, ${fixed(cpuRatio, 2)}); ` +
        `pinned + https ${fixed(withTls.wall)} ms, ${fixed(withTls.cpu)} CPU ms (detected ÷ that ${fixed(wall.detected / withTls.wall, 2)}, ${fixed(cpu.detected / withTls.cpu, 2)})`,
      target: `<= ${target} x pinned, both`,
      pass: wallRatio <= target && cpuRatio <= target,
    },
  };
}
