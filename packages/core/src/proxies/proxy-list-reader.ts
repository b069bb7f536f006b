import type { Readable } from "node:stream";
import type { ProxyPoolName } from "@sieve/vocabulary";
import type pg from "pg";
import { streamCopyOut } from "../db/copy-out.ts";
import { streamQuery } from "../db/stream-query.ts";
import { isoTimestamp } from "../timestamps.ts";
import type { Pagination, ProxyListFilters } from "./list-filters.ts";
import {
  type CopyExportFormat,
  proxyListCopySql,
  proxyListCountQuery,
  proxyListExportQuery,
  proxyListPageQuery,
} from "./list-sql.ts";
import { toProxyItem } from "./proxy-item.ts";
import { TtlCache } from "./ttl-cache.ts";

export interface ProxyListPage {
  total: number;
  refreshed_at: string | null;
  /** The page's items as the text of a JSON array of `ProxyItem`. */
  itemsJson: string;
}

interface ListMeta {
  total: number;
  refreshedAt: string | null;
}

export interface ProxyListReader {
  page(pool: ProxyPoolName, filters: ProxyListFilters, pagination: Pagination): Promise<ProxyListPage>;
  /** Every matching proxy, read through a cursor so memory stays flat whatever the size. */
  stream(pool: ProxyPoolName, filters: ProxyListFilters): Promise<Readable>;
  /** Every matching proxy as the bytes of a CSV or txt file, formatted by PostgreSQL itself. */
  exportFile(pool: ProxyPoolName, filters: ProxyListFilters, format: CopyExportFormat): Promise<Readable>;
}

/**
 * Reads the served list. `total` is counted at most once per `metaTtlMs` for each filter set:
 * an exact count over a million rows on every page would make every page slow.
 */
interface PageRow {
  items: string;
  count: number;
  refreshed_at: Date | null;
}

export function createProxyListReader(deps: {
  pool: pg.Pool;
  /** Holds streamed exports, apart from the pool pages use. */
  exportPool: pg.Pool;
  metaTtlMs?: number;
}): ProxyListReader {
  // One recount at a time, busy at most a fifth of the time: each is a scan of up to the whole
  // list (100-500 ms over a million rows), and with hundreds of filter sets in use, recounting
  // them back to back kept a database core busy (list reads 0.55 of the bare floor, 0.63 without).
  const metaCache = new TtlCache<ListMeta>(deps.metaTtlMs ?? 60_000, {
    maxConcurrentRefreshes: 1,
    refreshShare: 0.2,
  });

  async function countMatching(
    pool: ProxyPoolName,
    filters: ProxyListFilters,
    how: { background: boolean },
  ): Promise<ListMeta> {
    const count = proxyListCountQuery(pool, filters);
    const [counted, refreshed] = await Promise.all([
      how.background
        ? countSerially(deps.pool, count)
        : deps.pool.query<{ total: number }>(count.text, count.values),
      deps.pool.query<{ refreshed_at: Date | null }>(
        "SELECT refreshed_at FROM list_refresh WHERE pool = $1::proxy_pool",
        [pool],
      ),
    ]);
    return {
      total: counted.rows[0]?.total ?? 0,
      refreshedAt: isoTimestamp(refreshed.rows[0]?.refreshed_at),
    };
  }

  return {
    async page(pool, filters, pagination) {
      const query = proxyListPageQuery(pool, filters, pagination);
      const key = `${pool}:${JSON.stringify(filters)}`;
      const count = (how: { background: boolean }) => countMatching(pool, filters, how);
      const [meta, rows] = await Promise.all([
        metaCache.get(key, count),
        deps.pool.query<PageRow>(query.text, query.values),
      ]);
      const row = rows.rows[0];
      const refreshedAt = isoTimestamp(row?.refreshed_at);
      // A refresh cycle ended since the total was counted: recount in the background, as for an
      // expired total. Waiting here made every filter set's next page wait for a count at the end
      // of every cycle.
      if (meta.refreshedAt !== refreshedAt) metaCache.refreshSoon(key, count);
      // Rows re-checked since the count can still outnumber it; a page never shows more than its total.
      const seen = (pagination.page - 1) * pagination.limit + (row?.count ?? 0);
      return { total: Math.max(meta.total, seen), refreshed_at: refreshedAt, itemsJson: row?.items ?? "[]" };
    },

    stream(pool, filters) {
      return streamQuery(deps.exportPool, proxyListExportQuery(pool, filters), toProxyItem);
    },

    exportFile(pool, filters, format) {
      return streamCopyOut(deps.exportPool, proxyListCopySql(pool, filters, format));
    },
  };
}

/**
 * A recount nobody waits for, without parallel workers: a parallel scan of a million rows took
 * three backends for no gain on a busy database (772 against 744 ms), and background recounts are
 * there to take little from the pages being served.
 */
async function countSerially(
  pool: pg.Pool,
  count: { text: string; values: unknown[] },
): Promise<pg.QueryResult<{ total: number }>> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query("SET max_parallel_workers_per_gather = 0");
    const counted = await client.query<{ total: number }>(count.text, count.values);
    await client.query("RESET max_parallel_workers_per_gather");
    return counted;
  } catch (error) {
    // A connection left with the setting changed is not given back to the pool.
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(failure);
  }
}
