import type { Logger } from "../logger.ts";

export interface ShutdownStep {
  name: string;
  close(): Promise<void>;
}

/**
 * Closes everything in order, bounded by a deadline. Every step runs even when an earlier one
 * fails or hangs, and calling it twice returns the same promise. Resolves to whether all
 * steps finished cleanly in time.
 */
export function createShutdown(steps: ShutdownStep[], options: { logger: Logger; deadlineMs?: number }) {
  let running: Promise<boolean> | undefined;
  return (reason: string): Promise<boolean> => {
    running ??= (async () => {
      options.logger.info("shutting down", { reason });
      const deadline = Date.now() + (options.deadlineMs ?? 10_000);
      let clean = true;
      for (const step of steps) {
        const remaining = Math.max(0, deadline - Date.now());
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), remaining);
        });
        try {
          const outcome = await Promise.race([step.close().then(() => "closed" as const), timedOut]);
          if (outcome === "timeout") {
            clean = false;
            options.logger.warn("shutdown step timed out", { step: step.name });
          }
        } catch (error) {
          clean = false;
          options.logger.warn("shutdown step failed", { step: step.name, error });
        } finally {
          clearTimeout(timer);
        }
      }
      return clean;
    })();
    return running;
  };
}
