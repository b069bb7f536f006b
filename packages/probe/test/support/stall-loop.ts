import { performance } from "node:perf_hooks";

/** Holds the event loop for `ms`, as a checker drowning in its own callbacks does. */
export function stallLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: no timer, no socket is served meanwhile
  }
}
