import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { registeredCounter } from "./metrics-registry.ts";

/** Which work a probe served: a submitted check job, or a re-check of the verified list. */
export type ProbeWork = "check" | "recheck";

/** The fields of a probe's outcome that metrics label by (a `ProbeResult` fits). */
export interface ProbeOutcome {
  status: string;
  reason: string | null;
  protocol: string | null;
}

export interface WorkerMetrics {
  /** Call when a probe starts; call what it returns with the outcome when it ends. */
  probeStarted(work: ProbeWork): (outcome: ProbeOutcome) => void;
  /** Call when a check chunk starts; call what it returns with the results it stored. */
  chunkStarted(): (stored: number) => void;
  resultsWritten(work: ProbeWork, count: number): void;
  /** One source fetch's outcome: fetched, failed, or skipped (missing or disabled). */
  sourceFetched(outcome: { ok: true } | { ok: false; error: string } | { ok: false; skipped: string }): void;
}

/** The worker's metrics, registered on the process's registry. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  // The probe path runs thousands of times a second, so it only bumps plain numbers; prom-client
  // reads them when scraped (its own inc() hashes the label set on every call).
  const inFlightCount: Record<ProbeWork, number> = { check: 0, recheck: 0 };
  const finished = new Map<
    string,
    { labels: Record<"work" | "outcome" | "reason" | "protocol", string>; count: number }
  >();
  new Counter({
    name: "sieve_probes_total",
    help: "Probes finished, by work, outcome (live, dead, blocked), failure reason and protocol",
    labelNames: ["work", "outcome", "reason", "protocol"] as const,
    registers,
    collect() {
      this.reset();
      for (const { labels, count } of finished.values()) this.inc(labels, count);
    },
  });
  const probeDuration = new Histogram({
    name: "sieve_probe_duration_seconds",
    help: "Wall time of one probe, protocol detection included",
    labelNames: ["work", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
    registers,
  });
  new Gauge({
    name: "sieve_probes_in_flight",
    help: "Probes running in this process",
    labelNames: ["work"] as const,
    registers,
    collect() {
      for (const work of ["check", "recheck"] as const) this.set({ work }, inFlightCount[work]);
    },
  });
  const chunkDuration = new Histogram({
    name: "sieve_check_chunk_duration_seconds",
    help: "Time from a worker taking a check chunk to its last result stored",
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    registers,
  });
  const written = registeredCounter(
    registry,
    "sieve_results_written_total",
    "Probe results stored in PostgreSQL, by work",
    ["work"] as const,
  );
  const sourceFetches = registeredCounter(
    registry,
    "sieve_source_fetches_total",
    "Proxy source fetches, by outcome (ok, error, skipped)",
    ["outcome"] as const,
  );
  const durationOf = new Map<string, { observe(seconds: number): void }>();
  const finishedEntry = (work: ProbeWork, outcome: ProbeOutcome) => {
    const key = `${work} ${outcome.status} ${outcome.reason} ${outcome.protocol}`;
    let entry = finished.get(key);
    if (!entry) {
      const labels = {
        work,
        outcome: outcome.status,
        reason: outcome.reason ?? "none",
        protocol: outcome.protocol ?? "none",
      };
      entry = { labels, count: 0 };
      finished.set(key, entry);
    }
    return entry;
  };
  const durationChild = (work: ProbeWork, status: string) => {
    const key = `${work} ${status}`;
    let child = durationOf.get(key);
    if (!child) {
      child = probeDuration.labels(work, status);
      durationOf.set(key, child);
    }
    return child;
  };

  return {
    probeStarted(work) {
      inFlightCount[work] += 1;
      const started = performance.now();
      return (outcome) => {
        inFlightCount[work] -= 1;
        finishedEntry(work, outcome).count += 1;
        durationChild(work, outcome.status).observe((performance.now() - started) / 1000);
      };
    },
    chunkStarted() {
      const end = chunkDuration.startTimer();
      return (stored) => {
        end();
        written.inc({ work: "check" }, stored);
      };
    },
    resultsWritten(work, count) {
      written.inc({ work }, count);
    },
    sourceFetched(outcome) {
      sourceFetches.inc({ outcome: outcome.ok ? "ok" : "skipped" in outcome ? "skipped" : "error" });
    },
  };
}

/**
 * A prober whose every probe is counted: in flight while it runs, then by outcome and duration.
 * Everything else the prober offers is kept. A probe that throws (a bug, never a dead proxy) is
 * counted with outcome `error`.
 */
export function meteredProber<P extends { probe(...args: never[]): Promise<ProbeOutcome> }>(
  prober: P,
  metrics: WorkerMetrics,
  work: ProbeWork,
): P {
  const probe = prober.probe as (...args: unknown[]) => Promise<ProbeOutcome>;
  return {
    ...prober,
    async probe(...args: unknown[]) {
      const finished = metrics.probeStarted(work);
      try {
        const outcome = await probe.apply(prober, args);
        finished(outcome);
        return outcome;
      } catch (error) {
        finished({ status: "error", reason: "exception", protocol: null });
        throw error;
      }
    },
  };
}
