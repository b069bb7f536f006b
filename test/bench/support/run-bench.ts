export interface BenchScaffold {
  /** After this long the benchmark is cleaned up and the process exits 1. */
  deadlineMs: number;
  /** Stops whatever the benchmark started; runs once `main` settles, at the deadline, or on SIGINT/SIGTERM. */
  cleanUp(): Promise<void>;
}

/** Runs `main` under a watchdog, then `cleanUp` (once) whether `main` succeeded, threw or was interrupted. */
export async function runBench(
  { deadlineMs, cleanUp }: BenchScaffold,
  main: () => Promise<void>,
): Promise<void> {
  let cleaning: Promise<void> | undefined;
  const cleanUpOnce = () => {
    cleaning ??= cleanUp();
    return cleaning;
  };
  const abandon = (reason: string) => {
    console.error(`${reason}; stopping`);
    void cleanUpOnce().finally(() => process.exit(1));
  };
  const watchdog = setTimeout(() => abandon(`benchmark exceeded ${deadlineMs / 60_000} min`), deadlineMs);
  const onSignal = (signal: NodeJS.Signals) => abandon(`benchmark got ${signal}`);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await main();
  } finally {
    await cleanUpOnce();
    clearTimeout(watchdog);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
