import { startLateJudgingProxy } from "@sieve/test-support/harness";

/**
 * `startLateJudgingProxy` in a process of its own (`JUDGE_SECRET=… node --import tsx
 * late-judging-proxy.ts <delay ms>`), so its answers keep time while the test holds its own event
 * loop. Prints its port; on each line read from stdin, prints how late it answered each request
 * so far (`holds()`, as JSON): the truth of a reported ttfb, since its own timer fires late too on
 * a loaded machine.
 */
const proxy = await startLateJudgingProxy({
  secret: process.env.JUDGE_SECRET ?? "",
  delayMs: Number(process.argv[2] ?? 100),
});
console.log(proxy.port);
process.stdin.on("data", () => console.log(JSON.stringify(proxy.holds())));
