import type { Database } from "@sieve/core";
import { type OpenedProber, openProber } from "@sieve/probe";
import { verifiedListEntries } from "@sieve/worker/src/job-table.ts";
import type { RunningJudge } from "./judge-server.ts";
import { composeTestWorker, testWorkerConfig } from "./worker-harness.ts";

export interface TestVerifiedListWorker {
  /** Every probe this worker started, as host:port. */
  probes: string[];
  stop(): Promise<void>;
}

/**
 * The verified-list consumers in this process against a test database and judge, loopback
 * allowed. `env` overrides VERIFIED_* and SOURCE_* settings.
 */
export async function startVerifiedListWorker(options: {
  database: Database;
  judge: RunningJudge;
  queuePrefix: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<TestVerifiedListWorker> {
  const config = testWorkerConfig({
    ...options,
    env: { VERIFIED_TICK_MS: "100", SOURCE_TICK_MS: "200", ...options.env },
  });
  const prober = await openProber(config);
  const probes: string[] = [];
  const counting: OpenedProber = {
    guard: prober.guard,
    probe(target, probeOptions) {
      probes.push(`${target.host}:${target.port}`);
      return prober.probe(target, probeOptions);
    },
  };
  const worker = await composeTestWorker(config, {
    database: options.database,
    consumes: verifiedListEntries,
    prober: counting,
  });
  return { probes, stop: () => worker.stop() };
}
