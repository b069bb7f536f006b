import type { ProbeResult, Prober } from "@sieve/probe";
import { listedProtocol, probeTargetOf } from "@sieve/vocabulary";
import type { CheckChunkPayload } from "../jobs/job-catalog.ts";
import type { CancelWatch } from "./cancel-signal.ts";
import type { ItemResult, PendingChunk, PendingItem } from "./check-job-records.ts";
import type { ChunkWorkStore } from "./chunk-work-store.ts";
import type { CredentialCipher } from "./credential-cipher.ts";

export interface CheckChunkDeps {
  chunks: ChunkWorkStore;
  prober: Prober;
  cipher: CredentialCipher;
  /** Shared by every chunk of the process: bounds its probes in flight. */
  probeLimit: <T>(work: () => Promise<T>) => Promise<T>;
  /** Results written to PostgreSQL per statement. */
  resultBatch: number;
  /**
   * A result waits at most this long for its batch to fill before it is written anyway, so a
   * job's `done` moves while slow probes finish. Full batches are written at once, as before.
   */
  flushAfterMs?: number;
  /** Told when a result completes a job that has a callback_url (to queue its webhook). */
  onJobEnded?(jobId: string): Promise<void>;
  /** The fleet's cancels, which abort probes in flight; unset, a cancel is noticed between batches. */
  cancels?: CancelWatch;
}

const wholeMs = (ms: number | null) => (ms === null ? null : Math.round(ms));

function toItemResult(itemId: string, result: ProbeResult): ItemResult {
  return {
    itemId,
    status: result.status,
    reason: result.reason,
    protocol: listedProtocol(result.protocol),
    protocols: [...new Set(result.protocols.map((protocol) => listedProtocol(protocol)))],
    connectMs: wholeMs(result.connect_ms),
    ttfbMs: wholeMs(result.ttfb_ms),
    totalMs: wholeMs(result.total_ms),
    exitIp: result.exit_ip,
    asn: result.asn,
    org: result.org,
    country: result.country,
    anonymity: result.anonymity,
    targets: result.targets ?? null,
  };
}

/**
 * Probes a chunk's items that have no result yet and stores results in batches. Safe to run
 * twice for the same chunk: only items without a result are probed, and storing counts only
 * what was new. Stops probing early when the job is cancelled.
 */
export async function checkChunk(deps: CheckChunkDeps, payload: CheckChunkPayload): Promise<number> {
  const chunk = await deps.chunks.pendingChunk(payload.jobId, payload.chunk);
  if (!chunk || chunk.items.length === 0) return 0;
  // A job never goes back to queued, so once running there is nothing to mark.
  if (chunk.status === "queued") await deps.chunks.markRunning(payload.jobId);
  const watch = deps.cancels?.watch(payload.jobId);
  try {
    return await probeChunk(deps, payload.jobId, chunk, watch?.signal);
  } finally {
    watch?.release();
  }
}

async function probeChunk(
  deps: CheckChunkDeps,
  jobId: string,
  chunk: PendingChunk,
  signal: AbortSignal | undefined,
): Promise<number> {
  let pending: ItemResult[] = [];
  let stored = 0;
  let stillWanted = true;
  // Items whose probe has not started yet: the only readers of `stillWanted`.
  let unprobed = chunk.items.length;
  let flushTimer: NodeJS.Timeout | undefined;
  const timedFlushes: Promise<void>[] = [];
  const flush = async () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // Not `stored += await …`: that reads `stored` before the await, so flushes running at once
    // (each probe that fills a batch starts one) would overwrite each other's counts.
    const recorded = await deps.chunks.recordResults(jobId, batch);
    stored += recorded.stored;
    if (recorded.ended) await deps.onJobEnded?.(jobId);
    if (unprobed > 0) stillWanted = await deps.chunks.isActive(jobId);
  };
  const flushSoon = () => {
    if (flushTimer || deps.flushAfterMs === undefined) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      // Kept, so the chunk ends only after it and a failed write fails the chunk (awaited below;
      // the catch only stops Node calling it unhandled meanwhile).
      const written = flush();
      written.catch(() => {});
      timedFlushes.push(written);
    }, deps.flushAfterMs);
  };

  // The probes in flight, each with its own signal, aborted together when the job is cancelled.
  const inFlight = new Set<AbortController>();
  const abortInFlight = () => {
    for (const controller of inFlight) controller.abort(signal?.reason);
  };
  signal?.addEventListener("abort", abortInFlight, { once: true });
  const probeOne = async (item: PendingItem): Promise<ProbeResult | undefined> => {
    unprobed--;
    if (!stillWanted || signal?.aborted) return undefined;
    const credentials = item.credentials ? deps.cipher.decrypt(item.credentials) : {};
    const target = probeTargetOf({
      host: item.host,
      port: item.port,
      ...(item.requested ? { protocol: item.requested } : {}),
      ...credentials,
    });
    // tlsTunnel: an item told http still says whether it reaches HTTPS sites (its `https`).
    const options = {
      anonymity: chunk.includeAnonymity,
      tlsTunnel: true,
      ...(chunk.targets.length > 0 ? { targets: chunk.targets } : {}),
    };
    if (!signal) return deps.prober.probe(target, options);
    // A signal per probe: its sockets listen on it, and an EventTarget's listeners cost O(n) each
    // to add, so thousands of sockets must not all listen on the job's one signal.
    const controller = new AbortController();
    inFlight.add(controller);
    try {
      return await deps.prober.probe(target, { ...options, signal: controller.signal });
    } catch (error) {
      // An aborted probe has no result: its item stays unchecked, as the cancelled job counts it.
      if (controller.signal.aborted) return undefined;
      throw error;
    } finally {
      inFlight.delete(controller);
    }
  };
  // A batch is written after its probe has left the limit, so a slow write never idles a probe slot.
  await Promise.all(
    chunk.items.map(async (item) => {
      const result = await deps.probeLimit(() => probeOne(item));
      if (!result) return;
      pending.push(toItemResult(item.id, result));
      if (pending.length >= deps.resultBatch) await flush();
      else flushSoon();
    }),
  ).finally(() => {
    clearTimeout(flushTimer);
    signal?.removeEventListener("abort", abortInFlight);
  });
  await Promise.all(timedFlushes);
  await flush();
  return stored;
}
