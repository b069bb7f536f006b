import { performance } from "node:perf_hooks";
import { createJobClient } from "../check-jobs/job-client.ts";
import { processCpuMs } from "../check-jobs/process-cpu.ts";
import { startWorkerFleet, type WorkerFleet } from "../check-jobs/worker-fleet.ts";
import { BenchStoppers, startBenchServices } from "../support/bench-services.ts";
import { processMemory, resetPeakMemory } from "../support/process-memory.ts";
import type { Farm, Target } from "./farm.ts";
import type { Measured } from "./measured-run.ts";
import type { PortReport } from "./score.ts";

/** Sieve as a service: the real API and one real worker process over a private Redis. */
export interface SieveService {
  /** Submits the list as `ip:port:user:pass` lines (no scheme: detected) and waits for completion. */
  check(list: Target[]): Promise<{ measured: Measured; reports: PortReport[] }>;
  stop(): Promise<void>;
}

export async function startSieveService(
  farm: Farm,
  concurrency: number,
  timeoutMs: number,
): Promise<SieveService> {
  const stoppers = new BenchStoppers();
  try {
    const { api, database, workerEnv } = await startBenchServices(stoppers, {
      name: "sieve_bench_peers",
      judge: farm.judge,
      apiEnv: { CHECK_MAX_ITEMS_IN_FLIGHT: "100000000" },
    });
    const fleet: WorkerFleet = await startWorkerFleet(
      1,
      workerEnv(timeoutMs, { WORKER_PROBE_CONCURRENCY: String(concurrency) }),
    );
    stoppers.add(fleet.stop);
    const client = createJobClient(api.url, database.apiKey);
    const pids = [api.pid, ...fleet.pids];
    const headers = { Authorization: `Bearer ${database.apiKey}` };

    return {
      async check(list) {
        // Distinct lines: a username per line (the farm's proxies ask for no authentication).
        const text = list
          .map((target, index) => `${target.host}:${target.port}:u${index.toString(36)}:p`)
          .join("\n");
        await Promise.all(pids.map(resetPeakMemory));
        const cpuBefore = await processCpuMs(pids);
        const started = performance.now();
        const job = await client.submit(text);
        const { at } = await client.completion([job.jobId], 50);
        const wallMs = at - started;
        const cpuMs = (await processCpuMs(pids)) - cpuBefore;
        const maxRssBytes = (await Promise.all(pids.map(processMemory))).reduce(
          (sum, { peak }) => sum + peak,
          0,
        );
        const reports: PortReport[] = [];
        for (let page = 1; ; page += 1) {
          const response = await fetch(
            `${api.url}/api/v1/api/jobs/${job.jobId}/items?status=live&limit=200&page=${page}`,
            { headers },
          );
          const body = (await response.json()) as {
            items?: { proxy_norm: string; exit_ip: string | null }[];
          };
          const items = body.items ?? [];
          for (const item of items) {
            const port = /127\.\d+\.\d+\.\d+:(\d+)/.exec(item.proxy_norm)?.[1];
            if (port) reports.push({ port: Number(port), exit: item.exit_ip ?? undefined });
          }
          if (items.length < 200) break;
        }
        return {
          measured: { stdout: "", stderrTail: "", stderrLines: 0, wallMs, cpuMs, maxRssBytes },
          reports,
        };
      },
      stop: stoppers.cleanUp,
    };
  } catch (error) {
    await stoppers.cleanUp();
    throw error;
  }
}
