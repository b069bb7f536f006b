export interface BenchScaffold {
  /** After this long the benchmark is cleaned up and the process exits 1. */
  deadlineMs: number;
  /** Stops whatever the benchmark started; runs once `main` settles, or at the deadline. */
  cleanUp(): Promise<void>;
}

/** Runs `main` under a watchdog, then `cleanUp` whether `main` succeeded or threw. */
export async function runBench(
  { deadlineMs, cleanUp }: BenchScaffold,
  main: () => Promise<void>,
): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`benchmark exceeded ${deadlineMs / 60_000} min; stopping`);
    void cleanUp().finally(() => process.exit(1));
  }, deadlineMs);
  try {
    await main();
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }
}
