import type { ChildProcess } from "node:child_process";

/**
 * Children to kill with `signal` should this process exit while they run: `track` each one as
 * it starts; it is forgotten when it exits.
 */
export function killedOnExit(signal: NodeJS.Signals): { track(child: ChildProcess): void } {
  const running = new Set<ChildProcess>();
  process.once("exit", () => {
    for (const child of running) child.kill(signal);
  });
  return {
    track(child) {
      running.add(child);
      child.once("exit", () => running.delete(child));
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
