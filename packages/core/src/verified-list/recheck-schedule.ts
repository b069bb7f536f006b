/** When a proxy is checked next, or retired, given the outcome of the check just made. */
export interface RecheckPolicy {
  liveIntervalMs: number;
  retryMs: number;
  deadIntervalMs: number;
  retireAfterMs: number;
}

export interface RecheckOutcome {
  success: boolean;
  /** Failures in a row including this check (0 after a success). */
  consecutiveFailures: number;
  /** Last success before or at this check; null if it never answered. */
  lastSuccessAt: Date | null;
  firstSeenAt: Date;
}

export type RecheckDecision = { retire: false; nextCheckAt: Date } | { retire: true };

/**
 * Live: every live interval. Failing: retry after retryMs, doubling per consecutive failure,
 * capped at the dead interval. Retired once nothing has answered for retireAfterMs.
 */
export function decideRecheck(policy: RecheckPolicy, outcome: RecheckOutcome, now: Date): RecheckDecision {
  if (outcome.success) return { retire: false, nextCheckAt: new Date(now.getTime() + policy.liveIntervalMs) };
  const silentSince = outcome.lastSuccessAt ?? outcome.firstSeenAt;
  if (now.getTime() - silentSince.getTime() >= policy.retireAfterMs) return { retire: true };
  const doublings = Math.min(Math.max(outcome.consecutiveFailures - 1, 0), 40);
  const delay = Math.min(policy.retryMs * 2 ** doublings, policy.deadIntervalMs);
  return { retire: false, nextCheckAt: new Date(now.getTime() + delay) };
}
