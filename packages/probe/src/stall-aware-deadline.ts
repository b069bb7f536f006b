import { loopStall } from "./loop-stall-clock.ts";

/**
 * A deadline on the proxy's time rather than the checker's. When it falls due it waits one poll
 * phase first (an answer already in the socket's buffer is read before it is judged late), then
 * gives back whatever the event loop was stalled between setting it and the last write to the
 * peer, up to its own length again: a stalled loop wrote the next request late. A deadline
 * that expires while stall is still owed reports `stalled`: the checker, not the proxy, ran out
 * of time, and the probe is retried instead of reported dead.
 */
export class StallAwareDeadline {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly stallAtStart = loopStall.total();
  private givenBackMs = 0;

  /**
   * `stallAtLastWrite`: the stall clock's total when the checker last wrote to the peer. Only
   * stall before that write delayed the proxy's part: after it the proxy's time runs whatever
   * the loop does, and what it sent is read before the deadline is judged.
   */
  constructor(
    private readonly ms: number,
    private readonly expire: (stalled: boolean) => void,
    private readonly stallAtLastWrite: () => number = () => loopStall.total(),
  ) {
    this.timer = setTimeout(this.due, ms);
  }

  cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private readonly due = () => {
    this.timer = undefined;
    this.immediate = setImmediate(this.decide);
  };

  private readonly decide = () => {
    this.immediate = undefined;
    const owedMs = this.stallAtLastWrite() - this.stallAtStart - this.givenBackMs;
    const room = this.ms - this.givenBackMs;
    if (owedMs >= 1 && room >= 1) {
      const extraMs = Math.min(owedMs, room);
      this.givenBackMs += extraMs;
      this.timer = setTimeout(this.due, extraMs);
      return;
    }
    this.expire(owedMs >= 1);
  };
}
