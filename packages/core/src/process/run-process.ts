import { constants } from "node:os";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import type { z } from "zod";
import type { Logger } from "../logger.ts";
import { createShutdown, type ShutdownStep } from "./shutdown.ts";

/** What a started process hands back: how it logs and how it closes, in order. */
export interface StartedProcess {
  logger: Logger;
  steps: ShutdownStep[];
  /** Bound of the whole shutdown; `createShutdown`'s default when unset. */
  deadlineMs?: number;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** Thrown by `start` when the process must not run (an unsafe Redis, say): its message is all that is printed. */
export class StartRefused extends Error {
  override name = "StartRefused";
}

/**
 * The one way an app's `main.ts` runs. Parses the config from `env` (or prints the message that
 * names each bad variable and exits 1), starts the process (or prints why it refused and exits 1), then on SIGTERM or SIGINT closes it
 * step by step and exits as a process killed by that signal would report it (128 + its number:
 * 143, 130), or 1 when the shutdown was not clean. Signal handlers exist only once this runs.
 */
export async function runProcess<S extends z.ZodType>(options: {
  schema: S;
  env: Record<string, string | undefined>;
  start: (config: z.infer<S>) => Promise<StartedProcess>;
}): Promise<void> {
  let config: z.infer<S>;
  try {
    config = parseConfig(options.schema, options.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  let started: StartedProcess;
  try {
    started = await options.start(config);
  } catch (error) {
    if (!(error instanceof StartRefused)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const shutdown = createShutdown(started.steps, {
    logger: started.logger,
    ...(started.deadlineMs === undefined ? {} : { deadlineMs: started.deadlineMs }),
  });
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      void shutdown(signal).then((clean) => process.exit(clean ? 128 + constants.signals[signal] : 1));
    });
  }
}
