import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { freePort } from "../support/free-port.ts";
import { jsonBody } from "../support/json-body.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type FakeProxy, startFakeProxy } from "../support/misbehaving-proxies.ts";
import {
  type RunningProxy,
  startDante,
  startMicrosocks,
  startSquid,
  startTinyproxy,
} from "../support/proxy-servers.ts";
import { startTestWorker, type TestWorker } from "../support/worker-harness.ts";

let database: PrivateDatabase;
let api: TestApi;
let judge: RunningJudge;
let worker: TestWorker;
let owner: TestAccount;
let squid: RunningProxy;
let tinyproxy: RunningProxy;
let dante: RunningProxy;
let microsocks: RunningProxy;
let hanging: FakeProxy;
let hangingPort: number;
let closedPort: number;

beforeAll(async () => {
  database = await createPrivateDatabase();
  judge = await startJudge();
  [squid, tinyproxy, dante, microsocks] = await Promise.all([
    startSquid({ anonymity: "transparent" }),
    startTinyproxy({ anonymity: "elite" }),
    startDante(),
    startMicrosocks({ credentials: { username: "alice", password: "wonder land" } }),
  ]);
  hanging = await startFakeProxy({ kind: "hang" });
  hangingPort = hanging.port;
  closedPort = await freePort();
  api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "3" });
  worker = await startTestWorker({ database, queuePrefix: api.queuePrefix, judge });
  owner = await createTestAccount(database.prisma);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await hanging?.stop();
  await Promise.all([squid, tinyproxy, dante, microsocks].map((proxy) => proxy?.stop()));
  await judge?.stop();
  await database?.drop();
});

function submit(key: string, body: unknown, contentType = "application/json") {
  return fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function waitForJob(key: string, jobId: string) {
  let job: { status: string } = { status: "queued" };
  await expect
    .poll(
      async () => {
        job = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, key));
        return job.status;
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe("completed");
  return job;
}

describe("a check job end to end", () => {
  it("checks real proxies, refuses guarded targets, and reports every item once", async () => {
    const lines = [
      `http://127.0.0.1:${squid.port}`,
      `127.0.0.1:${tinyproxy.port}`,
      `socks5://127.0.0.1:${dante.port}`,
      `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
      `alice:wrong@127.0.0.1:${microsocks.port}`,
      `127.0.0.1:${closedPort}`,
      `127.0.0.1:${hangingPort}`,
      "10.1.2.3:8080",
      "169.254.169.254:80",
      "# a comment",
      "not a proxy",
      `http://127.0.0.1:${squid.port}`,
    ];
    const response = await submit(owner.key, { proxies_text: lines.join("\r\n"), include_anonymity: true });
    expect(response.status).toBe(202);
    const submitted = await jsonBody(response);
    expect(submitted).toMatchObject({
      status: "queued",
      total: 9,
      invalid_lines: 1,
      duplicate_lines: 1,
      blocked: 2,
    });
    expect(submitted.job_id).toMatch(/^[0-9a-f-]{36}$/);

    const job = await waitForJob(owner.key, submitted.job_id);
    expect(job).toMatchObject({ total: 9, done: 9, counts: { live: 4, dead: 3, blocked: 2, pending: 0 } });
    expect(job).toMatchObject({ started_at: expect.any(String), finished_at: expect.any(String) });

    const items = await jsonBody(
      await api.get(`/api/v1/api/jobs/${submitted.job_id}/items?limit=50`, owner.key),
    );
    expect(items.total).toBe(9);
    const byProxy = Object.fromEntries(
      items.items.map((item: { proxy_norm: string }) => [item.proxy_norm, item]),
    );
    expect(byProxy[`127.0.0.1:${squid.port}`]).toMatchObject({
      status: "live",
      protocol: "http",
      exit_ip: squid.exitAddress,
      anonymity: "transparent",
    });
    expect(byProxy[`127.0.0.1:${tinyproxy.port}`]).toMatchObject({
      status: "live",
      exit_ip: tinyproxy.exitAddress,
      anonymity: "elite",
    });
    expect(byProxy[`127.0.0.1:${dante.port}`]).toMatchObject({
      status: "live",
      protocol: "socks5",
      exit_ip: dante.exitAddress,
    });
    expect(byProxy[`127.0.0.1:${closedPort}`]).toMatchObject({ status: "dead", reason: "refused" });
    expect(byProxy[`127.0.0.1:${hangingPort}`]).toMatchObject({ status: "dead", reason: "timeout" });
    expect(byProxy["10.1.2.3:8080"]).toMatchObject({ status: "blocked", reason: "blocked_target" });
    expect(byProxy["169.254.169.254:80"]).toMatchObject({ status: "blocked", reason: "blocked_target" });
    const microsocksResults = items.items
      .filter((item: { proxy_norm: string }) => item.proxy_norm === `127.0.0.1:${microsocks.port}`)
      .map((item: { status: string; reason: string | null }) => [item.status, item.reason]);
    expect(microsocksResults.sort()).toEqual([
      ["dead", "auth_failed"],
      ["live", null],
    ]);

    const live = await jsonBody(
      await api.get(`/api/v1/api/jobs/${submitted.job_id}/items?status=live`, owner.key),
    );
    expect(live.total).toBe(4);

    const txt = await (await api.get(`/api/v1/api/jobs/${submitted.job_id}/export`, owner.key)).text();
    expect(txt.trim().split("\n").sort()).toEqual(
      [
        `http://127.0.0.1:${squid.port}`,
        `127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${dante.port}`,
        `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
      ].sort(),
    );
    const csv = await (
      await api.get(`/api/v1/api/jobs/${submitted.job_id}/export?format=csv`, owner.key)
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "proxy,proxy_norm,status,reason,protocol,connect_ms,ttfb_ms,total_ms,exit_ip,country,anonymity,checked_at",
    );
    expect(csv.trim().split("\r\n")).toHaveLength(10);
    const json = JSON.parse(
      await (await api.get(`/api/v1/api/jobs/${submitted.job_id}/export?format=json`, owner.key)).text(),
    );
    expect(json).toHaveLength(9);
  });

  it("accepts a text/plain body as the list itself", async () => {
    const response = await submit(owner.key, `127.0.0.1:${closedPort}\n`, "text/plain");
    expect(response.status).toBe(202);
    const job = await waitForJob(owner.key, (await jsonBody(response)).job_id);
    expect(job).toMatchObject({ total: 1, done: 1 });
  });

  it("completes at once when every target is guarded", async () => {
    const response = await submit(owner.key, { proxies_text: "192.168.1.1:80\n100.64.0.1:80" });
    expect(await jsonBody(response)).toMatchObject({ status: "completed", total: 2, blocked: 2 });
  });

  it("never shows one account's job to another", async () => {
    const submitted = await jsonBody(await submit(owner.key, { proxies_text: `127.0.0.1:${closedPort}` }));
    const stranger = await createTestAccount(database.prisma);
    for (const path of ["", "/items", "/export", "/export?format=json"]) {
      const response = await api.get(`/api/v1/api/jobs/${submitted.job_id}${path}`, stranger.key);
      expect(response.status).toBe(404);
      expect(await jsonBody(response)).toEqual({ error: "job not found" });
    }
    const cancel = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${stranger.key}` },
    });
    expect(cancel.status).toBe(404);
    expect((await api.get("/api/v1/api/jobs/not-a-uuid", owner.key)).status).toBe(404);
  });

  it("cancels a job its owner no longer wants", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `127.0.0.1:${hangingPort}:user${i}:pass`);
    const submitted = await jsonBody(await submit(owner.key, { proxies_text: lines.join("\n") }));
    const response = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect(await jsonBody(response)).toEqual({ job_id: submitted.job_id, status: "cancelled" });
    const job = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
    expect(job).toMatchObject({ status: "cancelled", finished_at: expect.any(String) });
  });
});

describe("submission errors", () => {
  it.each([
    [{ proxies_text: "nothing valid\nhere:too" }, /no valid proxies in proxies_text/],
    [{ proxies_text: "" }, /no valid proxies in proxies_text/],
    [{}, /proxies_text is required/],
    [{ proxies_text: 42 }, /proxies_text is required and must be a string/],
    [{ proxies_text: "1.2.3.4:80", include_anonymity: "yes" }, /include_anonymity must be true or false/],
    [[1, 2], /request body must be a JSON object/],
  ])("answers 400 for %j", async (body, message) => {
    const response = await submit(owner.key, body);
    expect(response.status).toBe(400);
    expect((await jsonBody(response)).error).toMatch(message);
  });

  it("quotes invalid lines back when none is valid", async () => {
    const body = await jsonBody(await submit(owner.key, { proxies_text: "bad line\n1.2.3.4:99999" }));
    expect(body.invalid_lines).toBe(2);
    expect(body.invalid_examples[1]).toEqual({
      line: 2,
      text: "1.2.3.4:99999",
      error: "port 99999 is not a number from 1 to 65535",
    });
  });

  it("refuses a submission past the account's cap on items in flight", async () => {
    const capped = await startTestApi(database, {
      CHECK_MAX_ITEMS_IN_FLIGHT: "5",
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    });
    try {
      const account = await createTestAccount(database.prisma);
      const lines = Array.from({ length: 6 }, (_, i) => `127.0.0.1:${1000 + i}`).join("\n");
      const response = await fetch(`${capped.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${account.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ proxies_text: lines }),
      });
      expect(response.status).toBe(429);
      expect((await jsonBody(response)).error).toMatch(
        /too many proxies in flight: 0 still being checked plus 6 submitted exceeds your limit of 5/,
      );
    } finally {
      await capped.close();
    }
  });

  it("answers 503 quickly while Redis is down, and reads keep working", async () => {
    const cut = await startTestApi(database, { REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    try {
      const response = await fetch(`${cut.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ proxies_text: "1.2.3.4:80" }),
      });
      expect(response.status).toBe(503);
      expect((await jsonBody(response)).error).toMatch(/the job queue is unavailable/);
      expect((await cut.get("/api/v1/api/proxies", owner.key)).status).toBe(200);
      const jobs = await database.pool.query(
        "SELECT count(*)::int AS n FROM check_jobs WHERE account_id = $1 AND total = 1 AND status = 'queued'",
        [owner.accountId],
      );
      expect(jobs.rows[0].n).toBe(0);
    } finally {
      await cut.close();
    }
  });
});
