import { vi } from "vitest";

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 20 s). */
  timeout?: number;
  /** Milliseconds between checks (default 100). */
  interval?: number;
  /** What is awaited, for the failure message. */
  what?: string;
}

type Reached<T> = Exclude<T, undefined | null | false>;

/**
 * The one way tests wait for a condition. Calls `check` every `interval` ms until it returns
 * something other than undefined, null or false, and resolves with that value; a throw (a failed
 * `expect`, a read that cannot connect yet) counts as "not yet". Past `timeout` the test fails,
 * naming the last reason. Built on `vi.waitFor`, so it also steps fake timers.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Reached<T>> {
  const timeout = options.timeout ?? 20_000;
  const interval = options.interval ?? 100;
  let last = "the condition was never met";
  try {
    return await vi.waitFor(
      async () => {
        let value: T;
        try {
          value = await check();
        } catch (error) {
          last = error instanceof Error ? error.message : String(error);
          throw error;
        }
        if (value === undefined || value === null || value === false) {
          last = `the check returned ${String(value)}`;
          throw new Error(last);
        }
        return value as Reached<T>;
      },
      { timeout, interval },
    );
  } catch (error) {
    throw new Error(`${options.what ?? "condition"} not met within ${timeout} ms: ${last}`, { cause: error });
  }
}
