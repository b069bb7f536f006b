import { readFile } from "node:fs/promises";
import {
  createPrivateDatabase,
  createTestAccount,
  everyItemCheckedOnce,
  freePort,
  readCheckJobTally,
  startTestApi,
  startWorkerProcess,
  submitCheckJob,
  type WorkerProcess,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { declaredNames, parseSamples, type Sample, selectedMetrics } from "./exposition.ts";
import { type InfraStage, startInfraStage, stopInfraStage } from "./stage.ts";

const root = new URL("../../", import.meta.url);
const ITEMS = 6;

const stage: Partial<InfraStage> = {};
let { database, api, judge, proxy, owner } = {} as InfraStage;
let worker: WorkerProcess;
let workerMetricsUrl: string;
let apiText: string;
let workerText: string;

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};
const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
const total = (samples: Sample[]) => samples.reduce((sum, sample) => sum + sample.value, 0);

beforeAll(async () => {
  ({ database, judge, proxy, api, owner } = await startInfraStage(stage, {
    proxyDelayMs: 10,
    apiEnv: {
      METRICS_PORT: "0",
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
      CHECK_CHUNK_SIZE: "3",
      RATE_LIMIT_API_READ_FREE: "3",
    },
  }));
  const metricsPort = await freePort();
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    queuePrefix: api.queuePrefix,
    judge,
    env: { METRICS_PORT: String(metricsPort) },
  });
  workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;

  const jobId = await submitCheckJob(
    api,
    owner.key,
    Array.from({ length: ITEMS }, (_, i) => proxy.line(`metric${i}`)),
  );
  // expect.poll works only inside a test: wait by hand here.
  for (let tries = 0; (await readCheckJobTally(database.url, jobId)).status !== "completed"; tries += 1) {
    if (tries > 300) throw new Error("the job did not complete within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await readCheckJobTally(database.url, jobId)).toEqual(everyItemCheckedOnce(ITEMS));
  await api.get(`/api/v1/api/jobs/${jobId}`, owner.key);
  await api.get("/api/v1/api/proxies");
  for (let i = 0; i < 3; i += 1) await api.get("/api/v1/api/proxies", owner.key);
  // Under the key API: the dashboard answers other unknown paths with its page.
  await api.get("/api/v1/api/no/such/route");
  apiText = await scrape(api.metricsUrl!);
  workerText = await scrape(workerMetricsUrl);
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await stopInfraStage(stage);
});

describe("the API's /metrics", () => {
  it("times requests by route pattern and status, never by raw path", () => {
    const samples = parseSamples(apiText);
    const count = "http_request_duration_seconds_count";
    expect(total(find(samples, count, { route: "/api/v1/api/check", method: "POST", status: "202" }))).toBe(
      1,
    );
    expect(total(find(samples, count, { route: "/api/v1/api/jobs/:jobId", status: "200" }))).toBe(1);
    expect(total(find(samples, count, { route: "/api/v1/api/proxies", status: "401" }))).toBe(1);
    expect(total(find(samples, count, { route: "/api/v1/api/proxies", status: "200" }))).toBe(2);
    expect(total(find(samples, count, { route: "/api/v1/api/proxies", status: "429" }))).toBe(1);
    expect(total(find(samples, count, { route: "unmatched", status: "404" }))).toBe(1);
    expect(samples.some((sample) => sample.labels.route?.includes("/no/such"))).toBe(false);
  });

  it("counts authentication failures and rate-limit rejections by category", () => {
    const samples = parseSamples(apiText);
    expect(total(find(samples, "sieve_auth_failures_total", { reason: "unauthenticated" }))).toBe(1);
    expect(
      total(find(samples, "sieve_rate_limit_rejections_total", { category: "api_read", tier: "free" })),
    ).toBe(1);
  });

  it("exports BullMQ's job counts by state, each metric declared once", () => {
    const samples = parseSamples(apiText);
    const states = find(samples, "bullmq_job_count", { queue: "check" }).map((sample) => sample.labels.state);
    expect(states).toEqual(expect.arrayContaining(["waiting", "prioritized", "active", "delayed", "failed"]));
    expect(apiText.match(/^# TYPE bullmq_job_count /gm)).toHaveLength(1);
    expect(find(samples, "sieve_queue_oldest_waiting_seconds", { queue: "check" })).toHaveLength(1);
  });

  it("exports live proxies for every pool and protocol, and Node's process metrics", () => {
    const samples = parseSamples(apiText);
    for (const pool of ["public", "premium"]) {
      for (const protocol of ["http", "https", "socks4", "socks5"]) {
        expect(find(samples, "sieve_live_proxies", { pool, protocol })).toHaveLength(1);
      }
    }
    expect(find(samples, "nodejs_eventloop_lag_seconds", { service: "api" })).toHaveLength(1);
    expect(find(samples, "process_resident_memory_bytes", {}).length).toBe(1);
  });
});

describe("the API's queue gauges, with no worker consuming", () => {
  it("count the waiting chunks KEDA scales on, and how long the oldest has waited", async () => {
    // A database of its own: the worker's reconciler would otherwise find this job and queue it.
    const own = await createPrivateDatabase();
    const idle = await startTestApi(own, {
      METRICS_PORT: "0",
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
      CHECK_CHUNK_SIZE: "2",
    });
    try {
      const submitter = await createTestAccount(own.prisma);
      await submitCheckJob(
        idle,
        submitter.key,
        Array.from({ length: 6 }, (_, i) => proxy.line(`waiting${i}`)),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const samples = parseSamples(await scrape(idle.metricsUrl!));
      expect(find(samples, "bullmq_job_count", { queue: "check", state: "waiting" })[0]?.value).toBe(3);
      const [oldest] = find(samples, "sieve_queue_oldest_waiting_seconds", { queue: "check" });
      expect(oldest?.value).toBeGreaterThanOrEqual(1);
      expect(oldest?.value).toBeLessThan(30);
    } finally {
      await idle.close();
      await own.drop();
    }
  });

  it("still answer the process's own metrics while PostgreSQL is gone", async () => {
    const gone = await createPrivateDatabase();
    const cut = await startTestApi(gone, { METRICS_PORT: "0" });
    try {
      await gone.drop();
      expect((await cut.get("/api/v1/api/proxies", "pk_live_not_a_key")).status).toBe(401);
      const samples = parseSamples(await scrape(cut.metricsUrl!));
      expect(find(samples, "sieve_live_proxies", {})).toEqual([]);
      expect(total(find(samples, "sieve_auth_failures_total", { reason: "unauthenticated" }))).toBe(1);
    } finally {
      await cut.close();
    }
  });
});

describe("the worker's /metrics", () => {
  it("counts the job's probes by outcome and protocol, with their durations", () => {
    const samples = parseSamples(workerText);
    expect(
      total(
        find(samples, "sieve_probes_total", {
          work: "check",
          outcome: "live",
          reason: "none",
          protocol: "http",
        }),
      ),
    ).toBe(ITEMS);
    expect(
      total(find(samples, "sieve_probe_duration_seconds_count", { work: "check", outcome: "live" })),
    ).toBe(ITEMS);
    expect(find(samples, "sieve_probes_in_flight", { work: "check" }).map((sample) => sample.value)).toEqual([
      0,
    ]);
  });

  it("times chunks and counts the results written", async () => {
    // A chunk is timed once its task returns, a moment after its last result is in PostgreSQL.
    const chunksTimed = async () =>
      total(
        find(parseSamples(await scrape(workerMetricsUrl)), "sieve_check_chunk_duration_seconds_count", {}),
      );
    await expect.poll(chunksTimed, { timeout: 10_000 }).toBe(ITEMS / 3);
    const samples = parseSamples(await scrape(workerMetricsUrl));
    expect(total(find(samples, "sieve_results_written_total", { work: "check" }))).toBe(ITEMS);
    expect(find(samples, "nodejs_eventloop_lag_seconds", { service: "worker" })).toHaveLength(1);
    expect(workerText).toMatch(/^# TYPE sieve_source_fetches_total counter$/m);
  });
});

describe("the dashboard and the alert rules", () => {
  const exported = () => new Set([...declaredNames(apiText), ...declaredNames(workerText)]);

  it("query only metrics a running api and worker export", async () => {
    const dashboard = JSON.parse(
      await readFile(new URL("infra/grafana/dashboards/sieve.json", root), "utf8"),
    );
    const rules = parse(await readFile(new URL("infra/prometheus/alerts.yml", root), "utf8"));
    const exprs: string[] = [
      ...dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) =>
        panel.targets.map((t) => t.expr),
      ),
      ...rules.groups.flatMap((group: { rules: { expr: string }[] }) => group.rules.map((rule) => rule.expr)),
    ];
    expect(exprs.length).toBeGreaterThan(10);
    const names = exported();
    const unknown = exprs.flatMap((expr) => selectedMetrics(expr).filter((name) => !names.has(name)));
    expect(unknown).toEqual([]);
  });

  it("scale workers on a query naming only exported metrics", async () => {
    const text = await readFile(new URL("infra/k8s/base/worker-scaledobject.yaml", root), "utf8");
    const scaled = parse(text);
    const queries = scaled.spec.triggers.map(
      (trigger: { metadata: { query: string } }) => trigger.metadata.query,
    );
    expect(queries).toHaveLength(1);
    const names = exported();
    expect(
      queries.flatMap((query: string) => selectedMetrics(query).filter((name) => !names.has(name))),
    ).toEqual([]);
  });
});
