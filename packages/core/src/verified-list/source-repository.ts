import { notFound, type ProxyProtocolName, SieveError } from "@sieve/vocabulary";
import type pg from "pg";

export interface SourceRecord {
  id: string;
  location: string;
  protocol: ProxyProtocolName | null;
  intervalMinutes: number;
  enabled: boolean;
  lastFetchedAt: Date | null;
  lastError: string | null;
  /** Addresses in the last successful fetch. */
  candidates: number;
  /** Of those, addresses the list did not have before. */
  newCandidates: number;
  /** Proxies this source has ever listed that are still in the list (shared ones counted for each source). */
  listed: number;
  /** Of those, the ones live now. */
  live: number;
  /**
   * Of this source's proxies checked in the last 24 hours, the fraction that answered at least
   * once in that time; null when none was checked.
   */
  aliveFraction24h: number | null;
}

const SELECT_SOURCES = `
  SELECT s.id, s.location, s.protocol, s.interval_minutes AS "intervalMinutes", s.enabled,
         s.last_fetched_at AS "lastFetchedAt", s.last_error AS "lastError", s.candidates,
         s.new_candidates AS "newCandidates", figures.listed, figures.live,
         CASE WHEN figures.checked = 0 THEN NULL
              ELSE round(figures.answered::numeric / figures.checked, 4)::float8 END AS "aliveFraction24h"
  FROM proxy_sources s
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS listed,
           count(*) FILTER (WHERE p.alive)::int AS live,
           count(*) FILTER (WHERE p.checked_at >= now() - interval '24 hours')::int AS checked,
           count(*) FILTER (WHERE p.last_success_at >= now() - interval '24 hours')::int AS answered
    FROM proxy_source_listings l JOIN proxies p ON p.id = l.proxy_id
    WHERE l.source_id = s.id
  ) figures`;

/** Proxy sources: what operators add, and what the worker fetches when due. */
export function createSourceRepository(deps: { pool: pg.Pool }) {
  const byId = (id: string) => (/^[0-9a-f-]{36}$/i.test(id) ? id : "00000000-0000-0000-0000-000000000000");
  const read = async (id: string): Promise<SourceRecord> => {
    const result = await deps.pool.query<SourceRecord>(`${SELECT_SOURCES} WHERE s.id = $1::uuid`, [byId(id)]);
    const row = result.rows[0];
    if (!row) throw notFound(`no source with id ${id}`);
    return row;
  };

  return {
    async add(input: {
      location: string;
      protocol?: ProxyProtocolName;
      intervalMinutes: number;
    }): Promise<SourceRecord> {
      try {
        const inserted = await deps.pool.query<{ id: string }>(
          `INSERT INTO proxy_sources (id, location, protocol, interval_minutes)
           VALUES (gen_random_uuid(), $1, $2::proxy_protocol, $3) RETURNING id`,
          [input.location, input.protocol ?? null, input.intervalMinutes],
        );
        return await read(inserted.rows[0]!.id);
      } catch (error) {
        if ((error as { code?: string }).code === "23505") {
          throw new SieveError("conflict", `${input.location} is already a source`);
        }
        throw error;
      }
    },

    /** Adds each location not yet known, leaving existing ones (and operators' choices) alone. */
    async ensure(
      locations: readonly { location: string; protocol?: ProxyProtocolName }[],
      intervalMinutes: number,
    ) {
      for (const entry of locations) {
        await deps.pool.query(
          `INSERT INTO proxy_sources (id, location, protocol, interval_minutes)
           VALUES (gen_random_uuid(), $1, $2::proxy_protocol, $3) ON CONFLICT (location) DO NOTHING`,
          [entry.location, entry.protocol ?? null, intervalMinutes],
        );
      }
    },

    async list(): Promise<SourceRecord[]> {
      return (await deps.pool.query<SourceRecord>(`${SELECT_SOURCES} ORDER BY s.created_at, s.id`)).rows;
    },

    async disable(id: string): Promise<SourceRecord> {
      await read(id);
      await deps.pool.query("UPDATE proxy_sources SET enabled = false WHERE id = $1::uuid", [id]);
      return read(id);
    },

    /** Removes the source; its proxies stay in the list, no longer attributed to it. */
    async remove(id: string): Promise<SourceRecord> {
      const source = await read(id);
      await deps.pool.query("DELETE FROM proxy_sources WHERE id = $1::uuid", [id]);
      return source;
    },

    /**
     * Takes the sources due for a fetch and marks them scheduled now. The interval counts from
     * when the previous fetch was queued, not from when it ended, and a source due within
     * `earlySeconds` (half a tick) is taken at this tick rather than a whole tick late, so a
     * source of interval N is fetched every N minutes. The update is atomic: of ticks running at
     * once, one takes each source.
     */
    async claimDue(earlySeconds: number): Promise<Pick<SourceRecord, "id" | "location" | "protocol">[]> {
      const result = await deps.pool.query(
        `UPDATE proxy_sources SET scheduled_at = now()
         WHERE id IN (
           SELECT id FROM proxy_sources
           WHERE enabled AND (scheduled_at IS NULL
                              OR scheduled_at + make_interval(mins => interval_minutes)
                                 <= now() + make_interval(secs => $1::double precision))
           ORDER BY scheduled_at NULLS FIRST
           FOR UPDATE SKIP LOCKED)
         RETURNING id, location, protocol`,
        [earlySeconds],
      );
      return result.rows;
    },

    async find(id: string): Promise<Pick<SourceRecord, "id" | "location" | "protocol" | "enabled"> | null> {
      const result = await deps.pool.query(
        "SELECT id, location, protocol, enabled FROM proxy_sources WHERE id = $1::uuid",
        [byId(id)],
      );
      return result.rows[0] ?? null;
    },

    async recordFetch(id: string, counts: { candidates: number; added: number }): Promise<void> {
      await deps.pool.query(
        `UPDATE proxy_sources SET last_fetched_at = now(), last_error = NULL, candidates = $2, new_candidates = $3
         WHERE id = $1::uuid`,
        [id, counts.candidates, counts.added],
      );
    },

    /** A failed fetch waits for the source's next interval like a good one: no hammering. */
    async recordFailure(id: string, error: string): Promise<void> {
      await deps.pool.query(
        "UPDATE proxy_sources SET last_fetched_at = now(), last_error = $2 WHERE id = $1::uuid",
        [id, error.replaceAll("\u0000", "?").slice(0, 500)],
      );
    },
  };
}
export type SourceRepository = ReturnType<typeof createSourceRepository>;
