import type { Readable } from "node:stream";
import { formatProxyLine, type ProxyProtocolName } from "@sieve/vocabulary";
import type pg from "pg";
import type { CredentialCipher, Credentials } from "../check-jobs/credential-cipher.ts";
import { streamQuery } from "../db/stream-query.ts";
import type { Pagination, ProxyListFilters } from "../proxies/list-filters.ts";
import { PROXY_ITEM_COLUMNS, proxyListCountQuery, proxyListWhere } from "../proxies/list-sql.ts";
import { type ProxyItem, type ProxyRow, toProxyItem } from "../proxies/proxy-item.ts";

/** A served premium proxy: the list item plus `proxy`, a URL a client can use as is, credentials included. */
export interface PremiumProxyItem extends ProxyItem {
  proxy: string;
}

interface PremiumRow extends ProxyRow {
  credentials: Uint8Array | null;
}

/** CSV columns and txt lines of the premium export: the usable proxy first. */
export const premiumExportShape = {
  columns: [
    "proxy",
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
  ],
  txtLine: (item: PremiumProxyItem) => item.proxy,
} as const satisfies {
  columns: readonly (keyof PremiumProxyItem)[];
  txtLine(item: PremiumProxyItem): string;
};

/**
 * Reads the premium pool for premium readers. Unlike the public list, rows pass through
 * JavaScript: credentials are sealed with a key PostgreSQL never sees, and each served entry
 * carries them opened, as `protocol://user:pass@host:port`.
 */
export function createPremiumListReader(deps: {
  pool: pg.Pool;
  exportPool: pg.Pool;
  cipher: CredentialCipher;
}) {
  const itemOf = (row: PremiumRow): PremiumProxyItem => {
    let credentials: Partial<Credentials> = {};
    try {
      credentials = row.credentials ? deps.cipher.decrypt(row.credentials) : {};
    } catch {
      // Sealed with a key no longer configured: served as the address alone.
    }
    const item = toProxyItem(row);
    const proxy = formatProxyLine({
      host: row.host,
      port: row.port,
      protocol: row.protocol as ProxyProtocolName,
      scheme: row.protocol,
      form: "url",
      ...credentials,
    });
    return { ...item, proxy };
  };
  const rowsQuery = (filters: ProxyListFilters) => {
    const where = proxyListWhere("premium", filters);
    return {
      text: `SELECT ${PROXY_ITEM_COLUMNS}, credentials FROM proxies WHERE ${where.sql} ORDER BY id`,
      values: where.values,
    };
  };

  return {
    async page(
      filters: ProxyListFilters,
      pagination: Pagination,
    ): Promise<{ total: number; refreshed_at: string | null; items: PremiumProxyItem[] }> {
      const rows = rowsQuery(filters);
      const n = rows.values.length;
      const count = proxyListCountQuery("premium", filters);
      const [page, counted, refreshed] = await Promise.all([
        deps.pool.query<PremiumRow>(`${rows.text} LIMIT $${n + 1} OFFSET $${n + 2}`, [
          ...rows.values,
          pagination.limit,
          (pagination.page - 1) * pagination.limit,
        ]),
        deps.pool.query<{ total: number }>(count.text, count.values),
        deps.pool.query<{ refreshed_at: Date | null }>(
          "SELECT refreshed_at FROM list_refresh WHERE pool = 'premium'",
        ),
      ]);
      return {
        total: counted.rows[0]?.total ?? 0,
        refreshed_at: refreshed.rows[0]?.refreshed_at?.toISOString() ?? null,
        items: page.rows.map(itemOf),
      };
    },

    /** Every matching premium proxy through a cursor, credentials opened, for exports. */
    stream(filters: ProxyListFilters): Promise<Readable> {
      return streamQuery(deps.exportPool, rowsQuery(filters), itemOf);
    },
  };
}
export type PremiumListReader = ReturnType<typeof createPremiumListReader>;
