import type { Readable } from "node:stream";
import type { ProxyPoolName } from "@sieve/vocabulary";
import type pg from "pg";
import { streamCopyOut } from "../db/copy-out.ts";
import { streamQuery } from "../db/stream-query.ts";
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
export function createProxyListReader(deps: {
  pool: pg.Pool;
  /** Holds streamed exports, apart from the pool pages use. */
  exportPool: pg.Pool;
  metaTtlMs?: number;
}): ProxyListReader {
  // One recount at a time: each is a scan of up to the whole list, and with many filter sets in
  // use, recounting them all together would take the database from the pages being served.
  const metaCache = new TtlCache<ListMeta>(deps.metaTtlMs ?? 60_000, 1000, 1);

  async function loadMeta(pool: ProxyPoolName, filters: ProxyListFilters): Promise<ListMeta> {
    const count = proxyListCountQuery(pool, filters);
    const [counted, refreshed] = await Promise.all([
      deps.pool.query<{ total: number }>(count.text, count.values),
      deps.pool.query<{ refreshed_at: Date | null }>(
        "SELECT refreshed_at FROM list_refresh WHERE pool = $1::proxy_pool",
        [pool],
      ),
    ]);
    return {
      total: counted.rows[0]?.total ?? 0,
      refreshedAt: refreshed.rows[0]?.refreshed_at?.toISOString() ?? null,
    };
  }

  return {
    async page(pool, filters, pagination) {
      const query = proxyListPageQuery(pool, filters, pagination);
      const [meta, rows] = await Promise.all([
        metaCache.get(`${pool}:${JSON.stringify(filters)}`, () => loadMeta(pool, filters)),
        deps.pool.query<{ items: string }>(query.text, query.values),
      ]);
      return { total: meta.total, refreshed_at: meta.refreshedAt, itemsJson: rows.rows[0]?.items ?? "[]" };
    },

    stream(pool, filters) {
      return streamQuery(deps.exportPool, proxyListExportQuery(pool, filters), toProxyItem);
    },

    exportFile(pool, filters, format) {
      return streamCopyOut(deps.exportPool, proxyListCopySql(pool, filters, format));
    },
  };
}
