import type { ProbeResult, Prober } from "@sieve/probe";
import { listedProtocol, probeTargetOf } from "@sieve/vocabulary";
import type { CheckChunkPayload } from "../jobs/job-catalog.ts";
import type { ItemResult, PendingItem } from "./check-job-records.ts";
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
}

const wholeMs = (ms: number | null) => (ms === null ? null : Math.round(ms));

function toItemResult(itemId: string, result: ProbeResult): ItemResult {
  return {
    itemId,
    status: result.status,
    reason: result.reason,
    protocol: listedProtocol(result.protocol),
    connectMs: wholeMs(result.connect_ms),
    ttfbMs: wholeMs(result.ttfb_ms),
    totalMs: wholeMs(result.total_ms),
    exitIp: result.exit_ip,
    country: result.country,
    anonymity: result.anonymity,
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

  let pending: ItemResult[] = [];
  let stored = 0;
  let stillWanted = true;
  // Items whose probe has not started yet: the only readers of `stillWanted`.
  let unprobed = chunk.items.length;
  const flush = async () => {
    const batch = pending;
    pending = [];
    // Not `stored += await …`: that reads `stored` before the await, so flushes running at once
    // (each probe that fills a batch starts one) would overwrite each other's counts.
    const recorded = await deps.chunks.recordResults(payload.jobId, batch);
    stored += recorded;
    if (unprobed > 0) stillWanted = await deps.chunks.isActive(payload.jobId);
  };

  const probeOne = async (item: PendingItem): Promise<ProbeResult | undefined> => {
    unprobed--;
    if (!stillWanted) return undefined;
    const credentials = item.credentials ? deps.cipher.decrypt(item.credentials) : {};
    const target = probeTargetOf({
      host: item.host,
      port: item.port,
      ...(item.requested ? { protocol: item.requested } : {}),
      ...credentials,
    });
    return deps.prober.probe(target, { anonymity: chunk.includeAnonymity });
  };
  // A batch is written after its probe has left the limit, so a slow write never idles a probe slot.
  await Promise.all(
    chunk.items.map(async (item) => {
      const result = await deps.probeLimit(() => probeOne(item));
      if (!result) return;
      pending.push(toItemResult(item.id, result));
      if (pending.length >= deps.resultBatch) await flush();
    }),
  );
  if (pending.length > 0) await flush();
  return stored;
}
