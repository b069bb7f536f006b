import type { ProbeFailure } from "./probe-failure.ts";

/**
 * Auto-detection dials HTTP first, and SOCKS5 and SOCKS4 once that connection is up (HTTPS once
 * the port has answered in HTTP): a port that refuses or never completes the TCP handshake
 * costs one connection, not three, and says the same of every protocol. A port that speaks
 * HTTP sits silent on a SOCKS greeting, waiting for the rest of a request line. So once the HTTP
 * attempt has heard an HTTP answer, the silent SOCKS attempts are poked with a line end, which
 * such a server answers at once; and once one protocol has worked, attempts that still have
 * heard nothing get a grace period scaled to the proxy's own speed instead of the full handshake
 * timeout.
 */
export class DetectionRace {
  private readonly listeners = new Set<(graceMs: number) => void>();
  private readonly httpListeners = new Set<() => void>();
  private graceMs: number | undefined;
  private spokeHttp = false;
  private tookConnection: ((failure: ProbeFailure | undefined) => void) | undefined;
  /**
   * Settles once the first attempt's TCP connection is up (undefined) or failed before it was
   * (that failure: refused, unreachable, timed out). The other attempts dial only after it.
   */
  readonly firstConnection = new Promise<ProbeFailure | undefined>((resolve) => {
    this.tookConnection = resolve;
  });

  /** The protocol whose attempt dials first; the others wait for its connection. */
  readonly first = "http";

  constructor(private readonly maxGraceMs: number) {}

  /** Called by the first attempt when its connection is up, or with what kept it from coming up. */
  connectionSettled(failure?: ProbeFailure): void {
    this.tookConnection?.(failure);
    this.tookConnection = undefined;
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
