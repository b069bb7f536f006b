import { startLateJudgingProxy } from "@sieve/test-support/harness";

/**
 * A proxy that answers every request `argv[2]` ms late, as its own judge (JUDGE_SECRET), in its
 * own process: nothing but its delay stands between the request and the answer, which the
 * prober's ttfb_ms must report whatever the prober's own load. Prints its port; on SIGTERM prints
 * how late it really answered (its timer may fire late on a loaded machine), as JSON
 * `{"holdsMs": [...]}`, and exits.
 */
const proxy = await startLateJudgingProxy({
  secret: process.env.JUDGE_SECRET ?? "",
  delayMs: Number(process.argv[2] ?? 100),
});
process.stdout.write(`${proxy.port}\n`);
process.once("SIGTERM", () => {
  process.stdout.write(`${JSON.stringify({ holdsMs: proxy.holds() })}\n`);
  void proxy.stop().then(() => process.exit(0));
});
