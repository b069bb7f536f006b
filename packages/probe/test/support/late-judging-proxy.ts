import { startLateJudgingProxy } from "@sieve/test-support/harness";

/**
 * `startLateJudgingProxy` in a process of its own (`JUDGE_SECRET=… node --import tsx
 * late-judging-proxy.ts <delay ms>`), so its answers keep time while the test holds its own event
 * loop. Prints its port.
 */
const proxy = await startLateJudgingProxy({
  secret: process.env.JUDGE_SECRET ?? "",
  delayMs: Number(process.argv[2] ?? 100),
});
console.log(proxy.port);
