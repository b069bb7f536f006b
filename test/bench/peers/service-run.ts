import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { type PrivateRedis, startPrivateRedis } from "@sieve/test-support/harness";
import { createJobClient } from "../check-jobs/job-client.ts";
import { processCpuMs } from "../check-jobs/process-cpu.ts";
import { startWorkerFleet, type WorkerFleet } from "../check-jobs/worker-fleet.ts";
import { type ApiProcess, startApiProcess } from "../support/api-process.ts";
import { type BenchDatabase, createBenchDatabase } from "../support/bench-database.ts";
import { serverUrl } from "../support/bench-server.ts";
import type { Farm, Target } from "./farm.ts";
import type { Measured } from "./measured-run.ts";
import type { PortReport } from "./score.ts";

/** Sieve as a service: the real API and one real worker process over a private Redis. */
export interface SieveService {
  /** Submits the list as `ip:port:user:pass` lines (no scheme: detected) and waits for completion. */
  check(list: Target[]): Promise<{ measured: Measured; reports: PortReport[] }>;
  stop(): Promise<void>;
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, "5").catch(() => {});
}

export async function startSieveService(
  farm: Farm,
  concurrency: number,
  timeoutMs: number,
): Promise<SieveService> {
  const stoppers: (() => Promise<void>)[] = [];
  let database: BenchDatabase | undefined;
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
    await database?.drop().catch(() => {});
  };
  try {
    const redis: PrivateRedis = await startPrivateRedis();
    stoppers.push(() => redis.stop());
    database = await createBenchDatabase({ serverUrl, name: "sieve_bench_peers", rows: 0, log: () => {} });
    const prefix = `sieve-bench-peers-${process.pid}`;
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      CREDENTIALS_KEY: randomBytes(32).toString("base64"),
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    };
    const api: ApiProcess = await startApiProcess({
      ...shared,
      LOG_LEVEL: "warn",
      CHECK_MAX_ITEMS_IN_FLIGHT: "100000000",
      RATE_LIMIT_API_CHECK_FREE: "1000000000",
      RATE_LIMIT_API_READ_FREE: "1000000000",
    });
    stoppers.push(() => api.stop());
    const fleet: WorkerFleet = await startWorkerFleet(1, {
      ...shared,
      JUDGE_URL: farm.judge.httpUrl,
      JUDGE_HTTPS_URL: farm.judge.httpsUrl,
      JUDGE_SECRET: farm.judge.secret,
      PROBE_CONNECT_TIMEOUT_MS: String(timeoutMs),
      PROBE_HANDSHAKE_TIMEOUT_MS: String(timeoutMs),
      PROBE_TOTAL_TIMEOUT_MS: String(timeoutMs),
      WORKER_PROBE_CONCURRENCY: String(concurrency),
      // A few loopback addresses carry the whole list: pacing would measure the policy.
      DESTINATION_PROBES_PER_SECOND: "0",
    });
    stoppers.push(fleet.stop);
    const client = createJobClient(api.url, database.apiKey);
    const pids = [api.pid, ...fleet.pids];
    const headers = { Authorization: `Bearer ${database.apiKey}` };

    return {
      async check(list) {
        // Distinct lines: a username per line (the farm's proxies ask for no authentication).
        const text = list
          .map((target, index) => `${target.host}:${target.port}:u${index.toString(36)}:p`)
          .join("\n");
        await Promise.all(pids.map(resetPeak));
        const cpuBefore = await processCpuMs(pids);
        const started = performance.now();
        const job = await client.submit(text);
        const { at } = await client.completion([job.jobId], 50);
        const wallMs = at - started;
        const cpuMs = (await processCpuMs(pids)) - cpuBefore;
        const maxRssBytes = (await Promise.all(pids.map(peakRss))).reduce((sum, bytes) => sum + bytes, 0);
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
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
