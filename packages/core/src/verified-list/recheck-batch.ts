import { listedProtocol, type ProxyProtocolName, type ProxyTarget, probeTargetOf } from "@sieve/vocabulary";
import type { CredentialCipher } from "../check-jobs/credential-cipher.ts";
import type { RecheckBatchPayload } from "../jobs/job-catalog.ts";
import { decideRecheck, type RecheckPolicy } from "./recheck-schedule.ts";
import type { ClaimedProxy, RecheckClaim, RecheckResult, RecheckStore } from "./recheck-store.ts";
import { nextUptime } from "./uptime-score.ts";

/** What the verified list needs from a probe (the list always checks anonymity). */
export interface ListProbeResult {
  status: "live" | "dead" | "blocked";
  protocol: string | null;
  /** Every protocol that answered; `https` is an http proxy that tunnels CONNECT to TLS. */
  protocols?: readonly string[];
  connect_ms: number | null;
  exit_ip: string | null;
  country: string | null;
  asn?: number | null;
  org?: string | null;
  anonymity: string | null;
  /** Why a check failed (timeout, auth_failed, …). */
  reason?: string | null;
  /** The default targets through a live proxy; absent when none are set. */
  targets?: readonly { ok: boolean }[];
}
export type ListProbe = (target: ProxyTarget) => Promise<ListProbeResult>;

export interface RecheckBatchDeps {
  store: RecheckStore;
  probe: ListProbe;
  /** Bounds the process's probes in flight. */
  limit: <T>(work: () => Promise<T>) => Promise<T>;
  policy: RecheckPolicy;
  halfLifeMs: number;
  /** Opens premium entries' credentials, only here, right before the probe. */
  cipher: CredentialCipher;
  now?: () => Date;
}

/** The stored outcome of one check: fields, score and the next due time. */
export function recheckResult(
  row: ClaimedProxy,
  probed: ListProbeResult,
  settings: { policy: RecheckPolicy; halfLifeMs: number },
  now: Date,
): RecheckResult {
  const success = probed.status === "live";
  const uptime = nextUptime(
    { successes: row.uptimeSuccesses, weight: row.uptimeWeight, at: row.checkedAt },
    success,
    now,
    settings.halfLifeMs,
  );
  const consecutiveFailures = success ? 0 : row.consecutiveFailures + 1;
  const lastSuccessAt = success ? now : row.lastSuccessAt;
  const decision = decideRecheck(
    settings.policy,
    { success, consecutiveFailures, lastSuccessAt, firstSeenAt: row.firstSeenAt },
    now,
  );
  return {
    id: row.id,
    alive: success,
    protocol: listedProtocol(probed.protocol),
    // The API documents max_latency_ms as the maximum connect latency: the TCP handshake.
    latencyMs: probed.connect_ms === null ? null : Math.round(probed.connect_ms),
    protocols: listedProtocols(probed.protocols ?? (probed.protocol ? [probed.protocol] : [])),
    exitIp: probed.exit_ip,
    asn: probed.asn ?? null,
    org: probed.org ?? null,
    country: probed.country,
    anonymity: probed.anonymity,
    targetsOk: success && probed.targets ? probed.targets.every((target) => target.ok) : null,
    uptimeScore: uptime.score,
    uptimeSuccesses: uptime.successes,
    uptimeWeight: uptime.weight,
    checkedAt: now,
    nextCheckAt: decision.retire ? null : decision.nextCheckAt,
    lastSuccessAt,
    consecutiveFailures,
    lastError: success ? null : (probed.reason ?? probed.status),
  };
}

/** The answered protocols the list can store, each once, in the probe's order. */
function listedProtocols(protocols: readonly string[]): ProxyProtocolName[] {
  const listed = protocols
    .map((protocol) => listedProtocol(protocol))
    .filter((protocol) => protocol !== null);
  return [...new Set(listed)];
}

/**
 * Checks one claimed batch and stores the results. Idempotent: a retried batch loads only rows
 * its lease still holds, so a proxy is never checked twice for one claim.
 */
export async function runRecheckBatch(deps: RecheckBatchDeps, batch: RecheckBatchPayload): Promise<number> {
  const claim: RecheckClaim = { ids: batch.ids, lease: new Date(batch.lease) };
  const rows = await deps.store.load(claim);
  const now = deps.now ?? (() => new Date());
  const results = await Promise.all(
    rows.map((row) =>
      deps.limit(async () => {
        const credentials = row.credentials ? deps.cipher.decrypt(row.credentials) : {};
        const probed = await deps.probe(
          probeTargetOf({
            host: row.host,
            port: row.port,
            ...credentials,
            ...(row.detectProtocol ? {} : { protocol: row.protocol }),
          }),
        );
        return recheckResult(row, probed, deps, now());
      }),
    ),
  );
  return deps.store.record(claim.lease, results);
}
