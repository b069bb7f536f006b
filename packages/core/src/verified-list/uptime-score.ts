/**
 * The uptime score: a success ratio in which each check's weight halves every half-life.
 *
 *   decay  = 2^(-(t - t_prev) / half_life)
 *   S      = S_prev * decay + (success ? 1 : 0)
 *   W      = W_prev * decay + 1
 *   score  = S / W
 *
 * A proxy's recent behaviour dominates and its distant past fades, unlike a lifetime counter.
 */
export interface UptimeState {
  successes: number;
  weight: number;
  /** When the sums were last updated (the previous check); null before the first check. */
  at: Date | null;
}

export function nextUptime(
  state: UptimeState,
  success: boolean,
  now: Date,
  halfLifeMs: number,
): UptimeState & { score: number } {
  const elapsed = state.at === null ? 0 : Math.max(0, now.getTime() - state.at.getTime());
  const decay = 2 ** (-elapsed / halfLifeMs);
  const successes = state.successes * decay + (success ? 1 : 0);
  const weight = state.weight * decay + 1;
  return { successes, weight, at: now, score: successes / weight };
}
