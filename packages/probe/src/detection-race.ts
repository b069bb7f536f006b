/**
 * Auto-detection tries every protocol at once. A port that speaks HTTP often sits silent on a
 * SOCKS greeting, waiting for the rest of a request line, so once one protocol has worked the
 * attempts that have heard nothing at all get a grace period scaled to the proxy's own speed
 * instead of the full handshake timeout.
 */
export class DetectionRace {
  private readonly listeners = new Set<(graceMs: number) => void>();
  private graceMs: number | undefined;

  constructor(private readonly maxGraceMs: number) {}

  /** Called with the winning attempt's duration. */
  settle(winnerMs: number): void {
    if (this.graceMs !== undefined) return;
    this.graceMs = Math.min(this.maxGraceMs, Math.max(500, 2 * winnerMs));
    for (const listener of this.listeners) listener(this.graceMs);
    this.listeners.clear();
  }

  /** Runs `listener` once when settled (at once if already); returns an unsubscribe function. */
  onSettle(listener: (graceMs: number) => void): () => void {
    if (this.graceMs !== undefined) {
      listener(this.graceMs);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
