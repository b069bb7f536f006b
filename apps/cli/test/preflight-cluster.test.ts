import { freePort, type RedisCluster, startRedisCluster } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localRedisPort } from "../src/local/redis-for-start.ts";
import { redisProblem } from "../src/preflight.ts";

/* `pnpm start` given a REDIS_URL of a Redis Cluster: it checks the cluster and never runs a Redis itself. */

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 30_000);
afterAll(() => cluster?.stop());

describe("pnpm start's Redis check on a cluster URL", () => {
  it("finds a running cluster usable", async () => {
    expect(await redisProblem(cluster.url, "check REDIS_URL")).toBeUndefined();
    expect(localRedisPort(cluster.url)).toBeUndefined();
  });

  it("names the nodes in one line when none answers", async () => {
    const [a, b] = [await freePort(), await freePort()];
    const problem = await redisProblem(`redis+cluster://127.0.0.1:${a},127.0.0.1:${b}`, "check REDIS_URL");
    expect(problem).toMatch(
      new RegExp(
        `^Redis is not reachable at 127\\.0\\.0\\.1:${a},127\\.0\\.0\\.1:${b} \\(.*\\): check REDIS_URL$`,
      ),
    );
  });
});
