import { loopStall } from "./loop-stall-clock.ts";

/**
 * A deadline on the proxy's time rather than the checker's. When it falls due it waits one poll
 * phase first (an answer already in the socket's buffer is read before it is judged late), then
 * gives back whatever the event loop was stalled since it was set, up to its own length again,
 * since a stalled loop neither read the proxy's answers nor wrote the next request. A deadline
 * that expires while stall is still owed reports `stalled`: the checker, not the proxy, ran out
 * of time, and the probe is retried instead of reported dead.
 */
export class StallAwareDeadline {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly stallAtStart = loopStall.total();
  private givenBackMs = 0;

  constructor(
    private readonly ms: number,
    private readonly expire: (stalled: boolean) => void,
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
    const owedMs = loopStall.total() - this.stallAtStart - this.givenBackMs;
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
