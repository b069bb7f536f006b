import { invalidRequest } from "@sieve/vocabulary";
import type pg from "pg";
import { ingestCandidates } from "./candidate-store.ts";
import { parseSourceList } from "./source-format.ts";

export interface PremiumChange {
  /** Addresses found in the text. */
  candidates: number;
  added: number;
  /** Lines with a username and password, which the list cannot serve and so skips. */
  with_credentials: number;
}

/** The premium pool as operators maintain it: lists in, addresses out. Checked like the public list. */
export function createPremiumPool(deps: { pool: pg.Pool }) {
  const read = (text: string) => {
    const parsed = parseSourceList(text);
    if (parsed.candidates.length === 0 && parsed.withCredentials === 0) {
      throw invalidRequest("no proxies found: expected ip:port lines, a JSON list or a CSV with ip and port");
    }
    return parsed;
  };
  return {
    async add(text: string): Promise<PremiumChange> {
      const parsed = read(text);
      const counts = await ingestCandidates(
        deps.pool,
        { pool: "premium", sourceId: null },
        parsed.candidates,
      );
      return {
        candidates: counts.candidates,
        added: counts.added + counts.revived,
        with_credentials: parsed.withCredentials,
      };
    },

    /** Removes the listed addresses (every protocol of an address listed without one). */
    async remove(text: string): Promise<{ candidates: number; removed: number }> {
      const { candidates } = read(text);
      const removed = await deps.pool.query(
        `DELETE FROM proxies p
         USING unnest($1::text[], $2::int[], $3::proxy_protocol[]) AS c(host, port, protocol)
         WHERE p.pool = 'premium' AND p.host = c.host AND p.port = c.port
           AND (c.protocol IS NULL OR p.protocol = c.protocol)`,
        [
          candidates.map((entry) => entry.host),
          candidates.map((entry) => entry.port),
          candidates.map((entry) => entry.protocol ?? null),
        ],
      );
      return { candidates: candidates.length, removed: removed.rowCount ?? 0 };
    },
  };
}
export type PremiumPool = ReturnType<typeof createPremiumPool>;
