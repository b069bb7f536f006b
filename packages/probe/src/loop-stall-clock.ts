import { performance } from "node:perf_hooks";

/** How often the clock looks at the event loop while probes run. */
const TICK_MS = 10;
/** Lag up to this is a busy loop's ordinary turn, which every deadline tolerates; beyond it is a stall. */
const SLACK_MS = 20;

/**
 * Counts the milliseconds the event loop was stalled while probes ran: a tick every 10 ms, and
 * whatever a tick comes late beyond the slack is time no socket was read and no request written.
 * A deadline that passed during a stall measured the checker, not the proxy, and gets that time
 * back (see ByteStream). Runs only while someone holds it, so idle processes keep no timer.
 */
class LoopStallClock {
  private holders = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private stalledMs = 0;

  hold(): void {
    if (this.holders++ > 0) return;
    this.lastTick = performance.now();
    this.timer = setInterval(this.tick, TICK_MS);
    this.timer.unref();
  }

  release(): void {
    if (--this.holders > 0) return;
    this.holders = 0;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stalled milliseconds so far, the stall in progress (a tick overdue) included. */
  total(): number {
    if (this.holders === 0) return this.stalledMs;
    const late = performance.now() - this.lastTick - TICK_MS;
    return this.stalledMs + (late > SLACK_MS ? late - SLACK_MS : 0);
  }

  private readonly tick = () => {
    const now = performance.now();
    const late = now - this.lastTick - TICK_MS;
    if (late > SLACK_MS) this.stalledMs += late - SLACK_MS;
    this.lastTick = now;
  };
}

export const loopStall = new LoopStallClock();
