import type { ProbeFailure } from "./probe-failure.ts";

/**
 * Auto-detection dials HTTP first, and SOCKS5 and SOCKS4 once the port has answered that
 * attempt in any way (HTTPS once it has answered in HTTP). A port that refuses, never completes
 * the TCP handshake, or accepts and then stays silent on an HTTP request costs one connection,
 * not three, and says the same of every protocol: a SOCKS server closes (or answers) at once on
 * a request whose first byte is no SOCKS version, as microsocks and Dante do (tested) and, as far
 * as we know, every other. A port that speaks HTTP sits silent on a SOCKS greeting, waiting for
 * the rest of a request line. So once the HTTP attempt has heard an HTTP answer, the silent SOCKS
 * attempts are poked with a line end, which such a server answers at once; and once one protocol
 * has worked, attempts that still have heard nothing get a grace period scaled to the proxy's own
 * speed instead of the full handshake timeout.
 */
export class DetectionRace {
  private readonly listeners = new Set<(graceMs: number) => void>();
  private readonly httpListeners = new Set<() => void>();
  private graceMs: number | undefined;
  private spokeHttp = false;
  private answeredFirst: ((failure: ProbeFailure | undefined) => void) | undefined;
  /**
   * Settles once the port has answered the first attempt in any way, a byte, a close or a reset
   * (undefined), or with what ended that attempt before it did (refused, unreachable, timed out
   * in silence). The other attempts dial only after it.
   */
  readonly firstAnswer = new Promise<ProbeFailure | undefined>((resolve) => {
    this.answeredFirst = resolve;
  });

  /** The protocol whose attempt dials first; the others wait for the port's first answer to it. */
  readonly first = "http";

  constructor(private readonly maxGraceMs: number) {}

  /**
   * Called by the first attempt when the port has answered it, and with the failure that ended
   * it; only the first call counts.
   */
  firstAttemptSettled(failure?: ProbeFailure): void {
    this.answeredFirst?.(failure);
    this.answeredFirst = undefined;
  }

  /** Whether the port has answered the HTTP attempt in HTTP. */
  get httpSpoken(): boolean {
    return this.spokeHttp;
  }

  /** Called with the winning attempt's duration. */
  settle(winnerMs: number): void {
    if (this.graceMs !== undefined) return;
    this.graceMs = Math.min(this.maxGraceMs, Math.max(500, 2 * winnerMs));
    for (const listener of this.listeners) listener(this.graceMs);
    this.listeners.clear();
  }

  /** Called when the HTTP attempt reads an HTTP response head, whatever its status. */
  spokeHttpAnswer(): void {
    if (this.spokeHttp) return;
    this.spokeHttp = true;
    for (const listener of this.httpListeners) listener();
    this.httpListeners.clear();
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

  /** Runs `listener` once the port has spoken HTTP (at once if it has); returns an unsubscribe function. */
  onHttpSpoken(listener: () => void): () => void {
    if (this.spokeHttp) {
      listener();
      return () => {};
    }
    this.httpListeners.add(listener);
    return () => this.httpListeners.delete(listener);
  }
}
