import { performance } from "node:perf_hooks";

/** What one kind of request got back over the run. */
export interface TrafficTally {
  statuses: Map<number, number>;
  /** 503s that came without a Retry-After header (each one a defect). */
  unavailableWithoutRetryAfter: number;
  /** Requests that failed below HTTP: reset, refused, timed out. */
  transportErrors: string[];
  latenciesMs: number[];
}

export const emptyTally = (): TrafficTally => ({
  statuses: new Map(),
  unavailableWithoutRetryAfter: 0,
  transportErrors: [],
  latenciesMs: [],
});

/** Records a response (its body read to the end, and returned) or a transport error into the tally. */
export async function tallied(
  tally: TrafficTally,
  request: () => Promise<Response>,
): Promise<{ response: Response; body: string } | undefined> {
  const started = performance.now();
  try {
    const response = await request();
    const body = await response.text();
    tally.latenciesMs.push(performance.now() - started);
    tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
    if (response.status === 503 && !response.headers.get("retry-after"))
      tally.unavailableWithoutRetryAfter += 1;
    return { response, body };
  } catch (error) {
    tally.transportErrors.push((error as Error).message);
    return undefined;
  }
}

/**
 * Starts `send` every `everyMs`, whether or not earlier ones have answered (a fixed arrival rate,
 * so a slow API meets the same load rather than a politely slower client), until `until`.
 */
export async function atFixedRate(
  everyMs: number,
  until: number,
  send: () => Promise<unknown>,
): Promise<void> {
  const running = new Set<Promise<unknown>>();
  for (let next = performance.now(); next < until; next += everyMs) {
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = send().finally(() => running.delete(sent));
    running.add(sent);
  }
  await Promise.all(running);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
