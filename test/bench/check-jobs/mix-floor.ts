import type { LoadFigures } from "../probe/load-pool.ts";
import { log } from "../support/bench-server.ts";
import { fixed } from "../support/report.ts";
import type { FloorSpec } from "./floor-load.ts";
import type { MixCounts, MixPorts } from "./proxy-mix.ts";

/** What the floor of a check-job mix is measured with; the raw client runs at `concurrency`. */
export interface MixFloorSpec {
  host: string;
  ports: MixPorts;
  judgeUrl: string;
  judgeSecret: string;
  timeoutMs: number;
  concurrency: number;
  mix: MixCounts;
  /** Live requests actually sent; the live part is their rate over `mix.live`. */
  liveSample: number;
}

export interface MixFloor {
  ms: number;
  /** Live requests of the sample that failed: the truth a fleet's live lines are held to. */
  liveFailed: number;
  hangingMs: number;
}

/**
 * The raw-socket floor for a whole mix: live at its measured rate, refusing measured, hanging by
 * formula (every slot of the concurrency waits out the timeout, ceil(hanging / concurrency) times).
 * `runFloor` runs test/bench/check-jobs/floor-load.ts somewhere (here, or on a namespace host).
 */
export async function measureMixFloor(
  spec: MixFloorSpec,
  runFloor: (floor: FloorSpec) => Promise<LoadFigures>,
): Promise<MixFloor> {
  const common = {
    host: spec.host,
    judgeUrl: spec.judgeUrl,
    judgeSecret: spec.judgeSecret,
    timeoutMs: spec.timeoutMs,
    concurrency: spec.concurrency,
  };
  const live = await runFloor({ ...common, ports: spec.ports.live, total: spec.liveSample });
  const refusing = await runFloor({ ...common, ports: spec.ports.refusing, total: spec.mix.refusing });
  if (live.failed > 0) log(`  note: ${live.failed} live floor requests failed`);
  const liveMs = (spec.mix.live / live.ok) * live.wallMs;
  const hangingMs = Math.ceil(spec.mix.hanging / spec.concurrency) * spec.timeoutMs;
  log(
    `  floor: live ${fixed(live.ok / (live.wallMs / 1000))}/s (${fixed(live.cpuMs / live.ok, 3)} CPU ms each) -> ${fixed(liveMs)} ms, refusing ${fixed(refusing.wallMs)} ms, ` +
      `hanging ${fixed(hangingMs)} ms`,
  );
  return { ms: liveMs + refusing.wallMs + hangingMs, liveFailed: live.failed, hangingMs };
}
