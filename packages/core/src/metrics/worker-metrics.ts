import { Counter, Gauge, Histogram, type Registry } from "prom-client";

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
  const probes = new Counter({
    name: "sieve_probes_total",
    help: "Probes finished, by work, outcome (live, dead, blocked), failure reason and protocol",
    labelNames: ["work", "outcome", "reason", "protocol"] as const,
    registers,
  });
  const probeDuration = new Histogram({
    name: "sieve_probe_duration_seconds",
    help: "Wall time of one probe, protocol detection included",
    labelNames: ["work", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
    registers,
  });
  const inFlight = new Gauge({
    name: "sieve_probes_in_flight",
    help: "Probes running in this process",
    labelNames: ["work"] as const,
    registers,
  });
  const chunkDuration = new Histogram({
    name: "sieve_check_chunk_duration_seconds",
    help: "Time from a worker taking a check chunk to its last result stored",
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    registers,
  });
  const written = new Counter({
    name: "sieve_results_written_total",
    help: "Probe results stored in PostgreSQL, by work",
    labelNames: ["work"] as const,
    registers,
  });
  const sourceFetches = new Counter({
    name: "sieve_source_fetches_total",
    help: "Proxy source fetches, by outcome (ok, error, skipped)",
    labelNames: ["outcome"] as const,
    registers,
  });
  // The probe path runs thousands of times a second: each label set's child is looked up once
  // and kept, instead of prom-client hashing the labels object on every call.
  const inFlightOf = { check: inFlight.labels("check"), recheck: inFlight.labels("recheck") };
  for (const work of ["check", "recheck"] as const) inFlightOf[work].set(0);
  const finishedChildren = new Map<
    string,
    { count: { inc(): void }; duration: { observe(v: number): void } }
  >();
  const finishedChild = (work: ProbeWork, outcome: ProbeOutcome) => {
    const key = `${work} ${outcome.status} ${outcome.reason} ${outcome.protocol}`;
    let child = finishedChildren.get(key);
    if (!child) {
      child = {
        count: probes.labels(work, outcome.status, outcome.reason ?? "none", outcome.protocol ?? "none"),
        duration: probeDuration.labels(work, outcome.status),
      };
      finishedChildren.set(key, child);
    }
    return child;
  };

  return {
    probeStarted(work) {
      const gauge = inFlightOf[work];
      gauge.inc();
      const started = performance.now();
      return (outcome) => {
        gauge.dec();
        const child = finishedChild(work, outcome);
        child.count.inc();
        child.duration.observe((performance.now() - started) / 1000);
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
 * A probe that throws (a bug, never a dead proxy) is counted with outcome `error`.
 */
export function meteredProber<T, O, R extends ProbeOutcome>(
  prober: { probe(target: T, options?: O): Promise<R> },
  metrics: WorkerMetrics,
  work: ProbeWork,
): { probe(target: T, options?: O): Promise<R> } {
  return {
    async probe(target, options) {
      const finished = metrics.probeStarted(work);
      try {
        const outcome = await prober.probe(target, options);
        finished(outcome);
        return outcome;
      } catch (error) {
        finished({ status: "error", reason: "exception", protocol: null });
        throw error;
      }
    },
  };
}
