import autocannon from "autocannon";
import type pg from "pg";
import type { ListRequest } from "./request-mix.ts";

export interface Throughput {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Drives the API with the request mix over `connections` keep-alive connections. */
export async function loadApi(options: {
  url: string;
  apiKey: string;
  requests: ListRequest[];
  connections: number;
  seconds: number;
  /** Stop after this many requests instead (autocannon's `amount`). */
  amount?: number;
}): Promise<Throughput> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.amount ? { amount: options.amount } : {}),
    headers: { authorization: `Bearer ${options.apiKey}` },
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          const { path } = options.requests[next++ % options.requests.length]!;
          return { ...request, path };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The floor: the same page queries straight through a pg pool, `concurrency` in flight. */
export async function loadRaw(options: {
  pool: pg.Pool;
  requests: ListRequest[];
  concurrency: number;
  seconds: number;
}): Promise<Throughput> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const endsAt = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < endsAt) {
      const { query } = options.requests[next++ % options.requests.length]!;
      const sent = performance.now();
      try {
        await options.pool.query(query.text, query.values);
        latencies.push(performance.now() - sent);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}
