import { execFile } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { announceCancel, checkRedisPolicy, createRedis, startCancelWatch } from "@sieve/core";
import {
  claimKeyPrefix,
  createTestAccount,
  everyItemCheckedOnce,
  serviceFixture,
  test as sieveTest,
  slowProxyFixture,
  stageBeforeTests,
  startRedisCluster,
  startTestApi,
  startWorkerProcess,
  stopWorkers,
  submitCheckJob,
  type TestApi,
  type WorkerProcess,
  waitFor,
  waitForCompletion,
} from "@sieve/test-support";
import { Cluster } from "ioredis";
import { describe, expect } from "vitest";

const ITEMS = 60;
const READ_LIMIT = 10;
const OVER = 6;
// A hash tag: every key of every queue hashes to this one slot of the cluster.
const QUEUE_PREFIX = "{sieve-cluster-test}";
const RATE_LIMIT_PREFIX = claimKeyPrefix("cluster-rate-limit");

const test = sieveTest
  .extend("cluster", { scope: "file" }, serviceFixture(startRedisCluster))
  .extend("proxy", { scope: "file" }, slowProxyFixture(20))
  // Two API replicas on the cluster, sharing the queue and the rate-limit counters.
  .extend("replicas", { scope: "file" }, async ({ database, cluster }, { onCleanup }) => {
    const env = {
      REDIS_URL: cluster.url,
      QUEUE_PREFIX,
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
      CHECK_CHUNK_SIZE: "5",
      RATE_LIMIT_API_READ_FREE: String(READ_LIMIT),
    };
    const replicas: TestApi[] = [];
    onCleanup(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
    });
    for (let i = 0; i < 2; i += 1) {
      replicas.push(await startTestApi(database, env, { rateLimitPrefix: RATE_LIMIT_PREFIX }));
    }
    return replicas as [TestApi, TestApi];
  })
  .extend("workers", { scope: "file", auto: true }, async ({ database, cluster, judge }, { onCleanup }) => {
    const workers: WorkerProcess[] = [];
    onCleanup(() => stopWorkers(workers));
    for (let i = 0; i < 2; i += 1) {
      workers.push(
        await startWorkerProcess({
          databaseUrl: database.url,
          redisUrl: cluster.url,
          queuePrefix: QUEUE_PREFIX,
          judge,
        }),
      );
    }
    return workers;
  });
stageBeforeTests(test, 90_000);

/** Keys matching `pattern` on each master of the cluster, by master port. */
async function keysByMaster(clusterUrl: string, pattern: string): Promise<Map<number, number>> {
  const client = createRedis(clusterUrl, { role: "worker" }) as Cluster;
  try {
    await client.ping();
    const counts = new Map<number, number>();
    for (const master of client.nodes("master")) {
      let cursor = "0";
      let count = 0;
      do {
        const [next, keys] = await master.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        count += keys.length;
        cursor = next;
      } while (cursor !== "0");
      counts.set(Number(master.options.port), count);
    }
    return counts;
  } finally {
    client.disconnect();
  }
}

describe("Sieve on a three-master Redis Cluster", () => {
  test("createRedis gives a Cluster client for redis+cluster:// and sees three masters", async ({
    cluster,
  }) => {
    const client = createRedis(cluster.url, { role: "producer" });
    try {
      expect(client).toBeInstanceOf(Cluster);
      // A producer's client queues nothing while it connects: it is used once ready.
      if (client.status !== "ready") await once(client, "ready");
      expect(await client.ping()).toBe("PONG");
      const ports = (client as Cluster).nodes("master").map((node) => Number(node.options.port));
      expect(ports.sort()).toEqual([...cluster.ports].sort());
    } finally {
      client.disconnect();
    }
  });

  test("a check job submitted to the API is completed by workers on the cluster, each item once", async ({
    replicas,
    owner,
    proxy,
    database,
    cluster,
    workers,
  }) => {
    const names = Array.from({ length: ITEMS }, (_, i) => `cluster${i}`);
    const jobId = await submitCheckJob(replicas[0], owner.key, names.map(proxy.line));

    expect(await waitForCompletion(database.url, jobId, 60_000)).toEqual(everyItemCheckedOnce(ITEMS));
    const probesPerItem = names.map((name) => proxy.requestsByUser().get(name) ?? 0);
    expect(probesPerItem.filter((probes) => probes !== 1)).toEqual([]);
    expect(proxy.requests()).toBe(ITEMS);
    // The job is read through the other replica, from the same cluster and database.
    const job = (await (await replicas[1].get(`/api/v1/api/jobs/${jobId}`, owner.key)).json()) as {
      status: string;
    };
    expect(job.status).toBe("completed");

    // BullMQ's keys are on the cluster, all on the one master that owns the hash tag's slot.
    const byMaster = [...(await keysByMaster(cluster.url, `${QUEUE_PREFIX}:*`)).values()];
    expect(byMaster.filter((count) => count > 0)).toHaveLength(1);
    const crossSlot = workers
      .flatMap((worker) => worker.logs)
      .filter((line) => /CROSSSLOT|MOVED/.test(JSON.stringify(line)));
    expect(crossSlot).toEqual([]);
  }, 90_000);

  test("a per-key limit of L holds exactly over both replicas: L of L+k parallel requests pass", async ({
    replicas,
    database,
    cluster,
  }) => {
    const reader = await createTestAccount(database.prisma);
    const statuses = await Promise.all(
      Array.from({ length: READ_LIMIT + OVER }, async (_, i) => {
        const response = await (i % 2 === 0 ? replicas[0] : replicas[1]).get(
          "/api/v1/api/proxies",
          reader.key,
        );
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(READ_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(OVER);
    // The counters are in the cluster, not in each replica's memory.
    const counters = [...(await keysByMaster(cluster.url, `${RATE_LIMIT_PREFIX}:*`)).values()];
    expect(counters.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });

  test("a cancel published on the cluster aborts the job's signal in a subscribed worker", async ({
    cluster,
  }) => {
    const publisher = createRedis(cluster.url, { role: "producer" });
    // Every job stays active for the poll, which runs once a minute: only the message can abort.
    const watch = await startCancelWatch({
      subscriber: createRedis(cluster.url, { role: "worker" }),
      queuePrefix: QUEUE_PREFIX,
      activeJobs: async (jobIds) => new Set(jobIds),
      pollMs: 60_000,
    });
    try {
      if (publisher.status !== "ready") await once(publisher, "ready");
      const cancelled = watch.watch("job-cancelled");
      const other = watch.watch("job-running");
      expect(await announceCancel(publisher, QUEUE_PREFIX, "job-cancelled")).toBe(true);
      await waitFor(() => cancelled.signal.aborted, { what: "the cancel message", timeout: 5_000 });
      expect(other.signal.aborted).toBe(false);
    } finally {
      await watch.close();
      publisher.disconnect();
    }
  });

  test("a worker refuses to start on the cluster with a QUEUE_PREFIX that is no hash tag", async ({
    database,
    cluster,
    judge,
  }) => {
    await expect(
      startWorkerProcess({
        databaseUrl: database.url,
        redisUrl: cluster.url,
        queuePrefix: "sieve-untagged",
        judge,
      }),
    ).rejects.toThrow(/QUEUE_PREFIX "sieve-untagged" has no hash tag: .*\{sieve-untagged\}/);
  });

  test("the eviction check reads every master, and one evicting master refuses the start", async ({
    cluster,
  }) => {
    const configSet = (port: number, policy: string) =>
      promisify(execFile)("redis-cli", ["-p", String(port), "CONFIG", "SET", "maxmemory-policy", policy]);
    const client = createRedis(cluster.url, { role: "producer" });
    const [, evicting] = cluster.ports as [number, number, number];
    try {
      const clean = await checkRedisPolicy(client, { allowEviction: false });
      expect(clean.refusal).toBeUndefined();
      // No AOF on any of the three: one warning per master.
      expect(clean.warnings.filter((line) => /appendonly is off/.test(line))).toHaveLength(3);

      await configSet(evicting, "allkeys-lru");
      const refused = await checkRedisPolicy(client, { allowEviction: false });
      expect(refused.refusal).toMatch(
        new RegExp(
          `^Redis 127\\.0\\.0\\.1:${evicting} maxmemory-policy is allkeys-lru[^;]*REDIS_ALLOW_EVICTION=true`,
        ),
      );
    } finally {
      await configSet(evicting, "noeviction");
      client.disconnect();
    }
  });
});
