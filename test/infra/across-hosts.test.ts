import { createDatabase, type Database } from "@sieve/core";
import {
  createPersonAccount,
  createTestAccount,
  DashboardClient,
  everyItemCheckedOnce,
  readCheckJobTally,
  resultsWrittenBy,
  TEST_WORKER_TIMING,
  waitFor,
  waitForCompletion,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { JudgeAndFarm } from "./hosts/fleet-services.ts";
import { type HostedFleet, startHostedFleet } from "./hosts/hosted-fleet.ts";

/*
 * The fleet across hosts, for real: every process in a network namespace of its own, reaching the
 * others only over veth links on a bridge, each bound to its own address. The test process is the
 * client, at the subnet's .1. Needs root and `ip netns`; without them it fails, never skips.
 */

const READ_LIMIT = 20;
const WORKERS = ["worker1", "worker2", "worker3"] as const;

let fleet: HostedFleet | undefined;
let database: Database | undefined;
let replicaA = "";
let replicaB = "";
let databaseUrl = "";
let farm: JudgeAndFarm;
const workerMetrics: Record<string, string> = {};

beforeAll(async () => {
  fleet = await startHostedFleet({
    hosts: { db: 10, apiA: 21, apiB: 22, worker1: 31, worker2: 32, worker3: 33, farm: 40 },
    databaseHost: "db",
    farmHost: "farm",
    farmProxies: 4,
    apiHosts: ["apiA", "apiB"],
    apiEnv: {
      RATE_LIMIT_API_READ_FREE: String(READ_LIMIT),
      CHECK_CHUNK_SIZE: "10",
      LIST_META_TTL_MS: "0",
    },
    queuePrefix: "sieve",
  });
  databaseUrl = fleet.settings.databaseUrl;
  farm = fleet.farm;
  [replicaA = "", replicaB = ""] = fleet.apiUrls;

  const workerEnv = {
    ...TEST_WORKER_TIMING,
    // Every probe goes to one farm address: the fleet-wide pace makes a job last seconds.
    DESTINATION_PROBES_PER_SECOND: "40",
  };
  const workers = await fleet.startWorkers([...WORKERS], workerEnv);
  for (const [index, worker] of workers.entries()) workerMetrics[WORKERS[index]!] = worker.metricsUrl;
  database = createDatabase({ url: databaseUrl, poolMax: 2 });
}, 120_000);

afterAll(async () => {
  await database?.close();
  await fleet?.stop();
}, 60_000);

/** Lines a farm proxy answers; the username makes each line its own item (microsocks ignores it). */
function farmLines(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, index) => {
    const proxy = farm.proxies[index % farm.proxies.length]!;
    return `socks5://${tag}${index}:x@${proxy.host}:${proxy.port}`;
  });
}

async function submit(url: string, key: string, lines: string[]): Promise<string> {
  const response = await fetch(`${url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ proxies_text: lines.join("\n") }),
  });
  const body = (await response.json()) as { job_id: string; total: number };
  expect(response.status, JSON.stringify(body)).toBe(202);
  expect(body.total).toBe(lines.length);
  return body.job_id;
}

const written = () => Promise.all(WORKERS.map((name) => resultsWrittenBy(workerMetrics[name]!)));

describe("the fleet across hosts", () => {
  test("a job submitted to replica A is read on replica B, its work spread over the three workers", async () => {
    const owner = await createTestAccount(database!.prisma);
    const before = await written();
    const jobId = await submit(replicaA, owner.key, farmLines(120, "spread"));

    const seenOnB = await fetch(`${replicaB}/api/v1/api/jobs/${jobId}`, {
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect(seenOnB.status).toBe(200);
    expect(((await seenOnB.json()) as { total: number }).total).toBe(120);

    expect(await waitForCompletion(databaseUrl, jobId, 60_000)).toEqual(everyItemCheckedOnce(120));
    const finished = (await (
      await fetch(`${replicaB}/api/v1/api/jobs/${jobId}`, {
        headers: { Authorization: `Bearer ${owner.key}` },
      })
    ).json()) as { status: string; counts: { live: number } };
    expect(finished).toMatchObject({ status: "completed", counts: { live: 120, pending: 0 } });

    // Each worker's own /metrics, scraped at its own address, counts the results it stored. The
    // counter moves when a chunk ends, a moment after its last write, so the sum may trail.
    const perWorker = await waitFor(
      async () => {
        const counts = (await written()).map((count, index) => count - before[index]!);
        return counts.reduce((sum, count) => sum + count, 0) === 120 && counts;
      },
      { timeout: 10_000, what: "the workers' counters adding up to 120" },
    );
    for (const count of perWorker) expect(count).toBeGreaterThan(0);
  }, 90_000);

  test("a worker cut off mid-job and brought back: the job completes, every item with one result", async () => {
    const owner = await createTestAccount(database!.prisma);
    const total = 240;
    const before = await written();
    const jobId = await submit(replicaA, owner.key, farmLines(total, "cut"));
    // Cut worker1 once it is working on this job: it holds chunks, their probes and locks.
    await waitFor(async () => (await resultsWrittenBy(workerMetrics.worker1!)) > before[0]!, {
      timeout: 30_000,
      what: "worker1 storing results of the job",
    });
    await fleet!.network.cut("worker1");
    expect((await readCheckJobTally(databaseUrl, jobId)).done).toBeLessThan(total);

    // With worker1's link down the others take its chunks over once its locks lapse and finish
    // the job; only then does worker1 come back, with results of chunks no longer its own.
    const tally = await waitForCompletion(databaseUrl, jobId, 60_000);
    await fleet!.network.restore("worker1");
    expect(tally).toEqual(everyItemCheckedOnce(total));

    // Back on the wire, worker1 takes work again; whatever it still had to write about the cut
    // job changes nothing there. Its Redis clients reconnect with a back-off, so the first job
    // after the restore can be done by the others before it is back: jobs until it has taken part.
    const rejoined = (await written())[0]!;
    // Read once a job is complete; a count that lags its last write only costs one more job.
    const worker1Wrote = async () => (await resultsWrittenBy(workerMetrics.worker1!)) > rejoined;
    let jobsAfter = 0;
    do {
      jobsAfter += 1;
      expect(jobsAfter, "jobs after the restore before worker1 took part in one").toBeLessThanOrEqual(5);
      const nextJob = await submit(replicaB, owner.key, farmLines(90, `after-cut-${jobsAfter}`));
      expect(await waitForCompletion(databaseUrl, nextJob, 60_000)).toEqual(everyItemCheckedOnce(90));
    } while (!(await worker1Wrote()));
    expect(await readCheckJobTally(databaseUrl, jobId)).toEqual(everyItemCheckedOnce(total));
  }, 120_000);

  test("a key revoked through replica A is refused on the very next request to replica B", async () => {
    const person = await createPersonAccount(database!.prisma);
    const dashboard = new DashboardClient(replicaA);
    expect((await dashboard.signIn(person.email, person.password)).status).toBe(200);
    const created = await dashboard.dash("POST", "/keys", { name: "fleet", expires_days: null });
    expect(created.status).toBe(201);
    const { key, secret } = (await created.json()) as { key: { id: string }; secret: string };
    const read = () =>
      fetch(`${replicaB}/api/v1/api/jobs`, { headers: { Authorization: `Bearer ${secret}` } });

    expect((await read()).status).toBe(200);
    expect((await dashboard.dash("POST", `/keys/${key.id}/revoke`)).status).toBe(200);
    const refused = await read();
    expect(refused.status).toBe(401);
  });

  test(`${READ_LIMIT} reads allowed a minute, ${2 * READ_LIMIT} at once over both replicas: exactly ${READ_LIMIT} pass`, async () => {
    const reader = await createTestAccount(database!.prisma);
    const statuses = await Promise.all(
      Array.from({ length: 2 * READ_LIMIT }, async (_, index) => {
        const url = index % 2 === 0 ? replicaA : replicaB;
        const response = await fetch(`${url}/api/v1/api/jobs`, {
          headers: { Authorization: `Bearer ${reader.key}` },
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(READ_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(READ_LIMIT);
  });
});
