import type pg from "pg";
import type { Logger } from "../logger.ts";
import { ingestCandidates } from "./candidate-store.ts";
import { junkBodyReason } from "./junk-body.ts";
import { fetchSourceText, type SourceFetchOptions } from "./source-fetcher.ts";
import { parseSourceList } from "./source-format.ts";
import type { SourceRepository } from "./source-repository.ts";

export interface GatherSourceDeps {
  pool: pg.Pool;
  sources: SourceRepository;
  fetch: SourceFetchOptions;
  logger: Logger;
  /** VERIFIED_REVIVE_AFTER_SECONDS: how long a retired candidate stays retired whatever the lists say. */
  reviveAfterSeconds?: number;
}

export type GatherOutcome =
  | { ok: true; candidates: number; added: number }
  | { ok: false; error: string }
  | { ok: false; skipped: "missing" | "disabled" };

/**
 * Fetches one source and upserts its candidates into the public pool. A failure (a junk body
 * included) is recorded on the source and reported, never thrown: one bad list must not hold up
 * the others, and a list that is down takes nothing away from what it gave before.
 */
export async function gatherSource(deps: GatherSourceDeps, sourceId: string): Promise<GatherOutcome> {
  const source = await deps.sources.find(sourceId);
  if (!source) return { ok: false, skipped: "missing" };
  if (!source.enabled) return { ok: false, skipped: "disabled" };
  let text: string;
  try {
    text = await fetchSourceText(source.location, deps.fetch);
  } catch (error) {
    const message = (error as Error).message || String(error);
    await deps.sources.recordFailure(source.id, message);
    deps.logger.warn("source fetch failed", { source: source.id, location: source.location, error: message });
    return { ok: false, error: message };
  }
  const parsed = parseSourceList(text, source.protocol ?? undefined);
  const junk = junkBodyReason(text, parsed);
  if (junk) {
    await deps.sources.recordFailure(source.id, junk);
    deps.logger.warn("source fetch failed", { source: source.id, location: source.location, error: junk });
    return { ok: false, error: junk };
  }
  // Guarded addresses would only ever be refused by the probe: they never enter the list. The
  // public list stores no credentials, so entries that carry them are left out.
  const candidates = parsed.candidates.filter(
    (candidate) => candidate.username === undefined && deps.fetch.allows(candidate.host),
  );
  const counts = await ingestCandidates(
    deps.pool,
    {
      pool: "public",
      sourceId: source.id,
      ...(deps.reviveAfterSeconds === undefined ? {} : { reviveAfterSeconds: deps.reviveAfterSeconds }),
    },
    candidates,
  );
  await deps.sources.recordFetch(source.id, counts);
  deps.logger.info("source fetched", {
    source: source.id,
    candidates: counts.candidates,
    added: counts.added,
  });
  return { ok: true, candidates: counts.candidates, added: counts.added };
}
