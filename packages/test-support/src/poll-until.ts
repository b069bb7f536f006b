import { sleep } from "./killed-on-exit.ts";

/**
 * Waiting outside vitest (harness servers, benchmarks run by tsx): calls `check` every
 * `intervalMs` until it returns true; a throw counts as "not yet". After `timeoutMs` it throws
 * `what` with the last reason. Tests use `waitFor`, which also steps fake timers.
 */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  let last = "the check returned false";
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(intervalMs)) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms: ${last}`);
}
