import type { Readable } from "node:stream";
import {
  formatHostPort,
  formatProxyLine,
  type LineForm,
  proxySchemes,
  type TargetResult,
} from "@sieve/vocabulary";
import type pg from "pg";
import { streamQuery } from "../db/stream-query.ts";
import { type JobRetention, servedSince } from "../retention/job-retention.ts";
import { isoTimestamp } from "../timestamps.ts";
import type { CheckItemView, CheckJobView, ItemStatus, JobStatus, PendingItem } from "./check-job-records.ts";
import type { CredentialCipher } from "./credential-cipher.ts";

interface JobRow {
  id: string;
  status: JobStatus;
  include_anonymity: boolean;
  total: number;
  done: number;
  live: number;
  dead: number;
  blocked: number;
  invalid_lines: number;
  duplicate_lines: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** An item as stored: the view's fields before `host:port` is joined and dates are formatted. */
interface ItemRow
  extends Omit<
    CheckItemView,
    "proxy_norm" | "status" | "checked_at" | "requested_protocol" | "protocols" | "https" | "asn" | "targets"
  > {
  host: string;
  port: number;
  status: ItemStatus | null;
  checked_at: Date | null;
  requested: PendingItem["requested"];
  scheme: string | null;
  protocols: string[] | null;
  /** bigint: node-postgres reads it as a string. */
  asn: string | null;
  targets: TargetResult[] | null;
}

interface ExportRow extends ItemRow {
  written_host: string | null;
  form: LineForm;
  credentials: Uint8Array | null;
}

/** An exported result: the item plus the proxy in the form its owner submitted it. */
export interface CheckItemExport extends CheckItemView {
  proxy: string;
}

export type ItemStatusFilter = ItemStatus | "pending";

// protocols is read as text[]: node-postgres parses arrays of built-in types only, not of enums.
const ITEM_COLUMNS =
  "host, port, line, requested, scheme, status, reason, protocol, protocols::text[] AS protocols, " +
  "connect_ms, ttfb_ms, total_ms, exit_ip, asn, org, country, anonymity, targets, checked_at";

/** Unfinished jobs, and finished ones still inside the retention window bound at `placeholder`. */
const served = (placeholder: string) => `(finished_at IS NULL OR finished_at >= ${placeholder})`;

function statusClause(status: ItemStatusFilter | undefined, placeholder: string): string {
  if (!status) return "";
  return status === "pending" ? " AND status IS NULL" : ` AND status = ${placeholder}::check_status`;
}

function toJobView(row: JobRow): CheckJobView {
  // Items without a result are pending while the job runs, and unchecked for good once it ended.
  const left = row.total - row.done;
  const ended = row.status !== "queued" && row.status !== "running";
  return {
    job_id: row.id,
    status: row.status,
    total: row.total,
    done: row.done,
    counts: {
      live: row.live,
      dead: row.dead,
      blocked: row.blocked,
      pending: ended ? 0 : left,
      unchecked: ended ? left : 0,
    },
    include_anonymity: row.include_anonymity,
    invalid_lines: row.invalid_lines,
    duplicate_lines: row.duplicate_lines,
    created_at: row.created_at.toISOString(),
    started_at: isoTimestamp(row.started_at),
    finished_at: isoTimestamp(row.finished_at),
  };
}

function toItemView(row: ItemRow): CheckItemView {
  return {
    proxy_norm: formatHostPort(row.host, row.port),
    line: row.line,
    // The row stores the listed protocol; the scheme as written says what was asked (socks4a).
    requested_protocol: (row.scheme && proxySchemes[row.scheme]) || row.requested,
    status: row.status ?? "pending",
    reason: row.reason,
    protocol: row.protocol,
    protocols: row.protocols ?? [],
    https: row.protocol === "https" || (row.protocols ?? []).includes("https"),
    connect_ms: row.connect_ms,
    ttfb_ms: row.ttfb_ms,
    total_ms: row.total_ms,
    exit_ip: row.exit_ip,
    asn: row.asn === null ? null : Number(row.asn),
    org: row.org,
    country: row.country,
    anonymity: row.anonymity,
    targets: row.targets ?? [],
    checked_at: isoTimestamp(row.checked_at),
  };
}

/** Reads check jobs for their owner; another account's job is indistinguishable from none. */
export function createCheckJobReader(deps: {
  pool: pg.Pool;
  /** Holds streamed exports, apart from the pool reads use. */
  exportPool: pg.Pool;
  cipher: CredentialCipher;
  /** A job finished before the retention window is gone for its owner too, pruned or not yet. */
  retention: JobRetention;
}) {
  return {
    async find(accountId: string, jobId: string): Promise<CheckJobView | null> {
      const result = await deps.pool.query<JobRow>(
        `SELECT * FROM check_jobs WHERE id = $1 AND account_id = $2 AND ${served("$3")}`,
        [jobId, accountId, servedSince(deps.retention)],
      );
      return result.rows[0] ? toJobView(result.rows[0]) : null;
    },

    /** The jobs of these ids, whoever owns them: for a feed whose subscribers were checked already. */
    async findMany(jobIds: string[]): Promise<CheckJobView[]> {
      const result = await deps.pool.query<JobRow>("SELECT * FROM check_jobs WHERE id = ANY($1::uuid[])", [
        jobIds,
      ]);
      return result.rows.map(toJobView);
    },

    /** The account's jobs, newest first, a page at a time, optionally of one status only. */
    async list(
      accountId: string,
      options: { page: number; limit: number; status?: JobStatus },
    ): Promise<{ total: number; items: CheckJobView[] }> {
      const where = options.status
        ? "account_id = $1 AND status = $2::job_status"
        : "account_id = $1 AND $2::job_status IS NULL";
      const status = options.status ?? null;
      const [count, rows] = await Promise.all([
        deps.pool.query<{ total: number }>(
          `SELECT count(*)::int AS total FROM check_jobs WHERE ${where} AND ${served("$3")}`,
          [accountId, status, servedSince(deps.retention)],
        ),
        deps.pool.query<JobRow>(
          `SELECT * FROM check_jobs WHERE ${where} AND ${served("$3")}
           ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
          [accountId, status, servedSince(deps.retention), options.limit, (options.page - 1) * options.limit],
        ),
      ]);
      return { total: count.rows[0]?.total ?? 0, items: rows.rows.map(toJobView) };
    },

    /**
     * A page of the job's items. The total comes from the job's own counts, which are moved in the
     * same statement that stores each result, so no count over the items is needed.
     */
    async items(
      job: CheckJobView,
      options: { status?: ItemStatusFilter; page: number; limit: number },
    ): Promise<{ total: number; items: CheckItemView[] }> {
      const values: unknown[] = [job.job_id];
      if (options.status && options.status !== "pending") values.push(options.status);
      const rows = await deps.pool.query<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM check_items WHERE job_id = $1${statusClause(options.status, "$2")}
         ORDER BY position LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`,
        values,
      );
      const total =
        options.status === "pending"
          ? job.total - job.done
          : options.status
            ? job.counts[options.status]
            : job.total;
      return { total, items: rows.rows.map(toItemView) };
    },

    /** Every item of the job through a cursor, credentials decrypted for the owner's export. */
    async stream(jobId: string, status?: ItemStatusFilter): Promise<Readable> {
      const values: unknown[] = [jobId];
      if (status && status !== "pending") values.push(status);
      const text = `SELECT ${ITEM_COLUMNS}, written_host, form, credentials FROM check_items
         WHERE job_id = $1${statusClause(status, "$2")} ORDER BY position`;
      return streamQuery(deps.exportPool, { text, values }, (row: ExportRow): CheckItemExport => {
        const credentials = row.credentials ? deps.cipher.decrypt(row.credentials) : undefined;
        const proxy = formatProxyLine({
          host: row.host,
          ...(row.written_host ? { writtenHost: row.written_host } : {}),
          port: row.port,
          form: row.form,
          ...(row.requested ? { protocol: row.requested } : {}),
          ...(row.scheme ? { scheme: row.scheme } : {}),
          ...(credentials ?? {}),
        });
        return { proxy, ...toItemView(row) };
      });
    },
  };
}
export type CheckJobReader = ReturnType<typeof createCheckJobReader>;
