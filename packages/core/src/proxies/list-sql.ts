import type { ProxyPoolName } from "@sieve/vocabulary";
import { inlineParameters } from "../db/copy-out.ts";
import { neutraliseFormulaSql } from "../export/export-encoder.ts";
import type { ProxyListFilters } from "./list-filters.ts";
import { type ProxyItem, proxyItemSql } from "./proxy-item.ts";

/**
 * The WHERE clause of the served list. Plain SQL rather than Prisma because the export streams
 * through a cursor and the list is the hottest path; benchmarks run this same text raw.
 */
export function proxyListWhere(
  pool: ProxyPoolName,
  filters: ProxyListFilters,
): { sql: string; values: unknown[] } {
  const values: unknown[] = [pool, filters.fresh_minutes];
  const clauses = ["pool = $1::proxy_pool", "alive", "checked_at >= now() - make_interval(mins => $2::int)"];
  const add = (clause: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  if (filters.protocol) add((p) => `protocol = ${p}::proxy_protocol`, filters.protocol);
  if (filters.country) add((p) => `country = ${p}`, filters.country);
  if (filters.anonymity) add((p) => `anonymity = ${p}::anonymity`, filters.anonymity);
  if (filters.max_latency_ms !== undefined) add((p) => `latency_ms <= ${p}::int`, filters.max_latency_ms);
  if (filters.min_uptime !== undefined) add((p) => `uptime_score >= ${p}::real`, filters.min_uptime);
  if (filters.asn !== undefined) add((p) => `asn = ${p}::bigint`, filters.asn);
  if (filters.https) clauses.push(proxyItemSql.https);
  // Stored by each check (exit_ip <> host, both IP literals in canonical form), so it has an index.
  if (filters.exit_differs) clauses.push("exit_differs");
  // Null (no default targets at the last check) matches neither true nor false.
  if (filters.targets_ok !== undefined) add((p) => `targets_ok = ${p}::boolean`, filters.targets_ok);
  return { sql: clauses.join(" AND "), values };
}

export const PROXY_ITEM_COLUMNS =
  "id, host, port, protocol, protocols::text[] AS protocols, country, anonymity, latency_ms, uptime_score, " +
  "checked_at, exit_ip, asn, org, last_success_at, checks, targets_ok";

export interface ProxyListPageQuery {
  text: string;
  values: unknown[];
}

const ITEM_FIELDS_SQL = (Object.keys(proxyItemSql) as (keyof ProxyItem)[])
  .map((field) => `${proxyItemSql[field]} AS ${field}`)
  .join(", ");

/**
 * One page as a JSON array, ordered by id (stable while rows are re-checked, so pages never
 * overlap or skip). PostgreSQL writes the JSON, as it writes the exports: decoding rows into
 * objects only to encode them again cost the API more CPU than the query itself.
 */
export function proxyListPageQuery(
  pool: ProxyPoolName,
  filters: ProxyListFilters,
  page: { page: number; limit: number },
): ProxyListPageQuery {
  const where = proxyListWhere(pool, filters);
  const n = where.values.length;
  const pageRows = `SELECT ${PROXY_ITEM_COLUMNS} FROM proxies WHERE ${where.sql} ORDER BY id LIMIT $${n + 1} OFFSET $${n + 2}`;
  return {
    text:
      `SELECT '[' || coalesce(string_agg(row_to_json(item)::text, ',' ORDER BY page.id), '') || ']' AS items, ` +
      "count(*)::int AS count, " +
      "(SELECT refreshed_at FROM list_refresh WHERE pool = $1::proxy_pool) AS refreshed_at " +
      `FROM (${pageRows}) page, LATERAL (SELECT ${ITEM_FIELDS_SQL}) item`,
    values: [...where.values, page.limit, (page.page - 1) * page.limit],
  };
}

export function proxyListCountQuery(pool: ProxyPoolName, filters: ProxyListFilters): ProxyListPageQuery {
  const where = proxyListWhere(pool, filters);
  return { text: `SELECT count(*)::int AS total FROM proxies WHERE ${where.sql}`, values: where.values };
}

export function proxyListExportQuery(pool: ProxyPoolName, filters: ProxyListFilters): ProxyListPageQuery {
  const where = proxyListWhere(pool, filters);
  return {
    text: `SELECT ${PROXY_ITEM_COLUMNS} FROM proxies WHERE ${where.sql} ORDER BY id`,
    values: where.values,
  };
}

export type CopyExportFormat = "csv" | "txt";

/** The list export's CSV columns, in order (the premium export's too, after `proxy`); `protocols` is space-separated. */
export const PROXY_CSV_COLUMNS: readonly (keyof ProxyItem)[] = [
  "proxy_norm",
  "protocol",
  "protocols",
  "https",
  "country",
  "anonymity",
  "latency_ms",
  "uptime_score",
  "checked_at",
  "exit_ip",
  "asn",
  "org",
  "last_success_at",
  "checks",
  "targets_ok",
];
// Only these can hold arbitrary text; the others are enums, numbers, addresses and timestamps.
const FREE_TEXT_COLUMNS: ReadonlySet<keyof ProxyItem> = new Set(["proxy_norm", "country", "org"]);
// CSV cells that differ from the JSON field: a list as words, a boolean as true/false (COPY
// writes t/f), as the premium and job exports write them.
const CSV_CELL_SQL: Partial<Record<keyof ProxyItem, string>> = {
  protocols: `array_to_string(${proxyItemSql.protocols}, ' ')`,
  https: `CASE WHEN ${proxyItemSql.https} THEN 'true' ELSE 'false' END`,
  targets_ok: "CASE WHEN targets_ok THEN 'true' WHEN NOT targets_ok THEN 'false' END",
};

const COPY_COLUMNS_SQL: Record<CopyExportFormat, string> = {
  txt: proxyItemSql.proxy_norm,
  csv: PROXY_CSV_COLUMNS.map((column) => {
    const cell = CSV_CELL_SQL[column] ?? proxyItemSql[column];
    const value = FREE_TEXT_COLUMNS.has(column) ? neutraliseFormulaSql(cell) : cell;
    return `${value} AS ${column}`;
  }).join(", "),
};

/**
 * The whole filtered list as one COPY statement: PostgreSQL quotes CSV per RFC 4180 (LF line
 * ends) and the formula rule runs in SQL. The filter values are inlined as literals.
 */
export function proxyListCopySql(
  pool: ProxyPoolName,
  filters: ProxyListFilters,
  format: CopyExportFormat,
): string {
  const where = proxyListWhere(pool, filters);
  const whereSql = inlineParameters({ text: where.sql, values: where.values });
  const options = format === "csv" ? " WITH (FORMAT csv, HEADER)" : "";
  return `COPY (SELECT ${COPY_COLUMNS_SQL[format]} FROM proxies WHERE ${whereSql} ORDER BY id) TO STDOUT${options}`;
}
