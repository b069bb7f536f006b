import { spawn } from "node:child_process";
import {
  createPrivateDatabase,
  freePort,
  jsonBody,
  startTestApi,
  startWorkerProcess,
  submitCheckJob,
  type WorkerProcess,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InfraStage, startInfraStage, stopInfraStage } from "./stage.ts";

const repoRoot = new URL("../..", import.meta.url).pathname;

const stage: Partial<InfraStage> = {};
let { database, api, judge, proxy, owner } = {} as InfraStage;

beforeAll(async () => {
  ({ database, judge, proxy, api, owner } = await startInfraStage(stage, {
    proxyDelayMs: 1_000,
    apiEnv: { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "4" },
  }));
}, 60_000);

afterAll(async () => {
  await stopInfraStage(stage);
});

const readBody = async (response: Response) => ({ status: response.status, body: await jsonBody(response) });

describe("the API's health endpoints", () => {
  it("answers /livez, /healthz and /readyz with PostgreSQL and Redis checked", async () => {
    expect(await readBody(await api.get("/livez"))).toEqual({ status: 200, body: { status: "ok" } });
    expect(await readBody(await api.get("/healthz"))).toEqual({ status: 200, body: { status: "ok" } });
    // Redis may still be connecting just after start: not ready until it is.
    await expect.poll(async () => (await api.get("/readyz")).status, { timeout: 10_000 }).toBe(200);
    expect(await readBody(await api.get("/readyz"))).toEqual({
      status: 200,
      body: { status: "ready", checks: { postgres: "ok", redis: "ok" } },
    });
  });

  it("is not ready, naming Redis, when Redis does not answer", async () => {
    const closedPort = await freePort();
    const cut = await startTestApi(database, { REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    try {
      const { status, body } = await readBody(await cut.get("/readyz"));
      expect(status).toBe(503);
      expect(body.checks).toMatchObject({ postgres: "ok" });
      expect(body.checks.redis).not.toBe("ok");
      expect(body.error).toMatch(/^not ready: redis: /);
      // Alive all the same: restarting it would not bring Redis back.
      expect((await cut.get("/livez")).status).toBe(200);
    } finally {
      await cut.close();
    }
  });

  it("is not ready, naming PostgreSQL, when the database does not answer", async () => {
    const gone = await createPrivateDatabase();
    const cut = await startTestApi(gone);
    await gone.drop();
    try {
      const { status, body } = await readBody(await cut.get("/readyz"));
      expect(status).toBe(503);
      expect(body.checks).toMatchObject({ redis: "ok" });
      expect(body.error).toMatch(/^not ready: postgres: /);
    } finally {
      await cut.close();
    }
  });

  it("is not ready once it drains", async () => {
    const draining = await startTestApi(database);
    try {
      await expect.poll(async () => (await draining.get("/readyz")).status, { timeout: 10_000 }).toBe(200);
      draining.health.drain();
      const { status, body } = await readBody(await draining.get("/readyz"));
      expect(status).toBe(503);
      expect(body.error).toBe("not ready: draining after SIGTERM");
      expect((await draining.get("/livez")).status).toBe(200);
    } finally {
      await draining.close();
    }
  });
});

describe("the worker's health listener", () => {
  let worker: WorkerProcess | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("answers on HEALTH_PORT, and /readyz turns 503 while it drains after SIGTERM", async () => {
    const healthPort = await freePort();
    worker = await startWorkerProcess({
      databaseUrl: database.url,
      queuePrefix: api.queuePrefix,
      judge,
      env: {
        HEALTH_PORT: String(healthPort),
        WORKER_CHUNK_CONCURRENCY: "1",
        WORKER_PROBE_CONCURRENCY: "1",
        SHUTDOWN_GRACE_MS: "20000",
      },
    });
    const base = `http://127.0.0.1:${healthPort}`;
    expect(await readBody(await fetch(`${base}/livez`))).toEqual({ status: 200, body: { status: "ok" } });
    expect(await readBody(await fetch(`${base}/readyz`))).toEqual({
      status: 200,
      body: { status: "ready", checks: { postgres: "ok", redis: "ok" } },
    });

    // One probe at a time through a proxy taking a second each: a chunk of four drains for seconds.
    const probesBefore = proxy.requests();
    await submitCheckJob(
      api,
      owner.key,
      Array.from({ length: 8 }, (_, i) => proxy.line(`drain${i}`)),
    );
    await expect
      .poll(() => proxy.requests() - probesBefore, { timeout: 20_000, interval: 50 })
      .toBeGreaterThan(0);
    worker.signal("SIGTERM");
    await expect
      .poll(async () => (await fetch(`${base}/readyz`)).status, { timeout: 5_000, interval: 50 })
      .toBe(503);
    const { body } = await readBody(await fetch(`${base}/readyz`));
    expect(body.error).toMatch(/^not ready: draining after SIGTERM/);
    // A clean shutdown after SIGTERM exits 128 + 15, as runProcess reports it.
    expect(await worker.exited).toEqual({ code: 143, signal: null });
  }, 60_000);
});

describe("the judge's health listener", () => {
  it("answers /livez and /readyz on HEALTH_PORT", async () => {
    const [httpPort, httpsPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, ["--import", "tsx", "apps/judge/src/main.ts"], {
      cwd: repoRoot,
      stdio: "ignore",
      env: {
        PATH: process.env.PATH ?? "",
        JUDGE_HOST: "127.0.0.1",
        JUDGE_HTTP_PORT: String(httpPort),
        JUDGE_HTTPS_PORT: String(httpsPort),
        JUDGE_SECRET: "test-judge-secret-0123456789",
        HEALTH_PORT: String(healthPort),
        LOG_LEVEL: "error",
      },
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${healthPort}`;
      await expect
        .poll(
          () =>
            fetch(`${base}/readyz`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 20_000, interval: 100 },
        )
        .toBe(200);
      expect(await readBody(await fetch(`${base}/readyz`))).toEqual({
        status: 200,
        body: { status: "ready", checks: {} },
      });
      expect(await readBody(await fetch(`${base}/livez`))).toEqual({ status: 200, body: { status: "ok" } });
      expect((await fetch(`${base}/nothing`)).status).toBe(404);
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
    }
  }, 30_000);
});
