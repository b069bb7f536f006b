import { performance } from "node:perf_hooks";

export interface LatencyFigures {
  p50: number;
  p95: number;
  max: number;
}

export interface LoadFigures {
  ok: number;
  failed: number;
  /** How many tasks ended with each outcome (`live`, or the reason they failed). */
  outcomes: Record<string, number>;
  wallMs: number;
  /** Peak resident set size of this process, in bytes. */
  maxRssBytes: number;
  /** Most probes in flight at once. */
  peakInFlight: number;
  /** CPU time (user + system) this process spent on the run. */
  cpuMs: number;
  /** Prober mode: the reported connect_ms and ttfb_ms of the live results. */
  connectMs?: LatencyFigures;
  ttfbMs?: LatencyFigures;
}

/** p50, p95 and max of `values` (0 for none). */
export function percentiles(values: number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

/** Runs `total` tasks with `concurrency` lanes, each starting its next task when the last settles. */
export async function runPool(
  total: number,
  concurrency: number,
  task: () => Promise<string>,
): Promise<LoadFigures> {
  let started = 0;
  let ok = 0;
  const outcomes: Record<string, number> = {};
  let inFlight = 0;
  let peakInFlight = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const outcome = await task();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === "live") ok += 1;
      inFlight -= 1;
    }
  };
  const cpuBefore = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const wallMs = performance.now() - begin;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ok,
    failed: total - ok,
    outcomes,
    wallMs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    peakInFlight,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
