import type { CheckTarget, ProxyProtocol, TargetResult } from "@sieve/vocabulary";

/* Check jobs and their items as the API serves them. */

export const jobStatuses = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const itemStatuses = ["live", "dead", "blocked"] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export interface CheckJobView {
  job_id: string;
  status: JobStatus;
  total: number;
  done: number;
  /** `pending`: still to check; `unchecked`: left without a result when the job ended early (cancelled). */
  counts: { live: number; dead: number; blocked: number; pending: number; unchecked: number };
  include_anonymity: boolean;
  invalid_lines: number;
  duplicate_lines: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface CheckItemView {
  proxy_norm: string;
  /** The submitted line as written, password masked; null for items of jobs older than the column. */
  line: string | null;
  /** The protocol the line asked for (its scheme), or null when every protocol was tried. */
  requested_protocol: ProxyProtocol | null;
  status: ItemStatus | "pending";
  reason: string | null;
  protocol: string | null;
  /** Every protocol that worked; `protocol` is the preferred one. */
  protocols: string[];
  /** Whether the proxy tunnels CONNECT to TLS: `https` worked. */
  https: boolean;
  connect_ms: number | null;
  ttfb_ms: number | null;
  total_ms: number | null;
  exit_ip: string | null;
  /** The exit address's autonomous system and organisation, from the offline ASN database. */
  asn: number | null;
  org: string | null;
  country: string | null;
  anonymity: string | null;
  /** Each of the job's targets through this proxy; empty when the job has none or it was not live. */
  targets: TargetResult[];
  checked_at: string | null;
}

/** What a worker needs to probe one item; credentials decrypted only in the worker. */
export interface PendingItem {
  id: string;
  host: string;
  port: number;
  /** The protocol a probe speaks for it, socks4a included; null means detect. */
  requested: ProxyProtocol | null;
  credentials: Uint8Array | null;
}

export interface PendingChunk {
  /** The job's status when the chunk was read: queued or running. */
  status: JobStatus;
  includeAnonymity: boolean;
  /** Requested through each proxy found live; empty for a job without targets. */
  targets: CheckTarget[];
  items: PendingItem[];
}

/** The outcome of probing one item. */
export interface ItemResult {
  itemId: string;
  status: ItemStatus;
  reason: string | null;
  protocol: string | null;
  protocols: string[];
  connectMs: number | null;
  ttfbMs: number | null;
  totalMs: number | null;
  exitIp: string | null;
  asn: number | null;
  org: string | null;
  country: string | null;
  anonymity: string | null;
  /** The targets' results; null when the job has none or the proxy was not live. */
  targets: TargetResult[] | null;
}
