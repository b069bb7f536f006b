import { AlreadyRunning, startDataDir, takeStartLock } from "./start-lock.ts";

/**
 * `pnpm start`. Takes this checkout's start lock before anything else, and before loading the
 * rest (which takes seconds), so a second start says at once that one runs, and touches nothing.
 */
let lock: ReturnType<typeof takeStartLock>;
try {
  lock = takeStartLock(startDataDir(process.env));
} catch (error) {
  if (!(error instanceof AlreadyRunning)) throw error;
  console.error(error.message);
  process.exit(1);
}
process.once("exit", () => lock.release());

const { startSieve } = await import("./start-sieve.ts");
startSieve();
