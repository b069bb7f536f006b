import type { Queues } from "../jobs/queues.ts";
import type { RedisClient } from "../redis.ts";
import { takeCheckBudget } from "./check-budget.ts";
import type { RecheckStore } from "./recheck-store.ts";

export interface VerifiedTickDeps {
  store: RecheckStore;
  queues: Queues;
  redis: RedisClient;
  /** Redis key shared by the fleet: when the budget was last taken. */
  budgetKey: string;
  checksPerSecond: number;
  tickMs: number;
  batchSize: number;
  leaseSeconds: number;
}

/**
 * One scheduler tick: take the fleet's share of the check budget, claim that many due proxies
 * (live and recently live first), queue them in batches, and close the pools' refresh cycles
 * that are done.
 */
export async function runVerifiedTick(deps: VerifiedTickDeps): Promise<{ claimed: number }> {
  const budget = await takeCheckBudget(deps.redis, deps.budgetKey, {
    perSecond: deps.checksPerSecond,
    tickMs: deps.tickMs,
  });
  const claim = await deps.store.claim(budget, deps.leaseSeconds);
  if (claim) {
    const lease = claim.lease.toISOString();
    const batches = [];
    // Live and recently live rows go in batches of their own that workers take before any
    // batch of never-answered candidates, however many of those wait in the queue.
    for (const [ids, candidates] of [
      [claim.ids.slice(0, claim.urgent), false],
      [claim.ids.slice(claim.urgent), true],
    ] as const) {
      for (let start = 0; start < ids.length; start += deps.batchSize) {
        batches.push({
          ids: ids.slice(start, start + deps.batchSize),
          lease,
          ...(candidates ? { candidates } : {}),
        });
      }
    }
    // Should this fail, the claimed rows come back when their lease runs out.
    await deps.queues.enqueueBulk("recheckBatch", batches);
  }
  await deps.store.completeCycles();
  return { claimed: claim?.ids.length ?? 0 };
}
