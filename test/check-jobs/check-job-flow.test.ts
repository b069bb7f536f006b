import {
  createTestAccount,
  freePort,
  jsonBody,
  loopbackAsn,
  loopbackAsnTablesDir,
  test as sieveTest,
  stageBeforeTests,
  type TestApi,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

async function waitForJob(api: TestApi, key: string, jobId: string) {
  return waitFor(
    async () => {
      const job = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, key));
      return job.status === "completed" ? (job as { status: string }) : undefined;
    },
    { timeout: 30_000, interval: 200 },
  );
}

interface ItemRow {
  proxy_norm: string;
  status: string;
  reason: string | null;
}

/**
 * The stage (real proxies, a proxy that hangs, a port nobody listens on, the API, a worker) and
 * one job over all of it, submitted once: each test of "the shared job" asserts one behaviour.
 */
const test = sieveTest
  .extend("closedPort", { scope: "file" }, () => freePort())
  .extend("lines", { scope: "file" }, ({ proxyFarm, closedPort, hanging }) => {
    const { squid, tinyproxy, dante, microsocks } = proxyFarm;
    return [
      `http://127.0.0.1:${squid.port}`,
      `127.0.0.1:${tinyproxy.port}`,
      `socks5://127.0.0.1:${dante.port}`,
      `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
      `alice:wrong@127.0.0.1:${microsocks.port}`,
      `127.0.0.1:${closedPort}`,
      `127.0.0.1:${hanging.port}`,
      "10.1.2.3:8080",
      "169.254.169.254:80",
      "# a comment",
      "not a proxy",
      `http://127.0.0.1:${squid.port}`,
    ];
  })
  .extend("submission", { scope: "file", auto: true }, async ({ api, owner, lines, worker: _worker }) => {
    const response = await submit(api, owner.key, {
      proxies_text: lines.join("\r\n"),
      include_anonymity: true,
    });
    return { status: response.status, body: await jsonBody(response) };
  })
  .extend("finishedJob", { scope: "file" }, ({ api, owner, submission }) =>
    waitForJob(api, owner.key, submission.body.job_id),
  )
  .extend("items", { scope: "file" }, async ({ api, owner, submission, finishedJob: _finished }) => {
    const items = await jsonBody(
      await api.get(`/api/v1/api/jobs/${submission.body.job_id}/items?limit=50`, owner.key),
    );
    const byProxy: Record<string, ItemRow> = Object.fromEntries(
      items.items.map((item: ItemRow) => [item.proxy_norm, item]),
    );
    return { total: items.total as number, list: items.items as ItemRow[], byProxy };
  })
  .extend(
    "exportOf",
    ({ api, owner, submission, finishedJob: _finished }) =>
      async (query: string) =>
        (await api.get(`/api/v1/api/jobs/${submission.body.job_id}/export${query}`, owner.key)).text(),
  );
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "3" });
// The proxies leave from loopback addresses, which these tables place in a test network.
test.override("workerOptions", { env: { ASN_DB_DIR: loopbackAsnTablesDir } });
test.override("proxyFarmOptions", {
  microsocks: { credentials: { username: "alice", password: "wonder land" } },
});
// The submission fixture (auto) starts before the test, within this longer timeout.
stageBeforeTests(test, 60_000);

describe("a check job end to end: the shared job", () => {
  test("is accepted with its invalid, duplicate and guarded lines counted", ({ submission }) => {
    expect(submission.status).toBe(202);
    expect(submission.body).toMatchObject({
      status: "queued",
      total: 9,
      invalid_lines: 1,
      duplicate_lines: 1,
      blocked: 2,
    });
    expect(submission.body.job_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("completes with every item done once", ({ finishedJob }) => {
    expect(finishedJob).toMatchObject({
      total: 9,
      done: 9,
      counts: { live: 4, dead: 3, blocked: 2, pending: 0, unchecked: 0 },
    });
    expect(finishedJob).toMatchObject({ started_at: expect.any(String), finished_at: expect.any(String) });
  });

  test("lists every item once", ({ items }) => {
    expect(items.total).toBe(9);
  });

  test("reports each real proxy live with its protocol, exit address and anonymity", ({
    items,
    proxyFarm,
  }) => {
    const { squid, tinyproxy, dante } = proxyFarm;
    expect(items.byProxy[`127.0.0.1:${squid.port}`]).toMatchObject({
      status: "live",
      protocol: "http",
      exit_ip: squid.exitAddress,
      anonymity: "transparent",
    });
    for (const proxy of [squid, tinyproxy, dante]) {
      expect(items.byProxy[`127.0.0.1:${proxy.port}`]).toMatchObject(loopbackAsn);
    }
    expect(items.byProxy[`127.0.0.1:${tinyproxy.port}`]).toMatchObject({
      status: "live",
      exit_ip: tinyproxy.exitAddress,
      anonymity: "elite",
    });
    expect(items.byProxy[`127.0.0.1:${dante.port}`]).toMatchObject({
      status: "live",
      protocol: "socks5",
      exit_ip: dante.exitAddress,
    });
  });

  test("says which proxies tunnel CONNECT to TLS, the one submitted as http:// too", ({
    items,
    proxyFarm,
  }) => {
    const { squid, tinyproxy, dante } = proxyFarm;
    expect(items.byProxy[`127.0.0.1:${squid.port}`]).toMatchObject({
      protocols: ["http", "https"],
      https: true,
    });
    expect(items.byProxy[`127.0.0.1:${tinyproxy.port}`]).toMatchObject({ https: true });
    expect(items.byProxy[`127.0.0.1:${dante.port}`]).toMatchObject({ protocols: ["socks5"], https: false });
  });

  test("tells a refused connection from one that hangs", ({ items, closedPort, hanging }) => {
    expect(items.byProxy[`127.0.0.1:${closedPort}`]).toMatchObject({
      status: "dead",
      reason: "refused",
      asn: null,
      org: null,
      https: false,
    });
    expect(items.byProxy[`127.0.0.1:${hanging.port}`]).toMatchObject({ status: "dead", reason: "timeout" });
  });

  test("reports guarded targets as blocked", ({ items }) => {
    expect(items.byProxy["10.1.2.3:8080"]).toMatchObject({ status: "blocked", reason: "blocked_target" });
    expect(items.byProxy["169.254.169.254:80"]).toMatchObject({
      status: "blocked",
      reason: "blocked_target",
    });
  });

  test("checks the same proxy under each set of credentials", ({ items, proxyFarm }) => {
    const microsocksResults = items.list
      .filter((item) => item.proxy_norm === `127.0.0.1:${proxyFarm.microsocks.port}`)
      .map((item) => [item.status, item.reason]);
    expect(microsocksResults.sort()).toEqual([
      ["dead", "auth_failed"],
      ["live", null],
    ]);
  });

  test("filters its items by status", async ({ api, owner, submission, finishedJob: _finished }) => {
    const live = await jsonBody(
      await api.get(`/api/v1/api/jobs/${submission.body.job_id}/items?status=live`, owner.key),
    );
    expect(live.total).toBe(4);
  });

  test("exports its live proxies as text, each as it was submitted", async ({ exportOf, proxyFarm }) => {
    const { squid, tinyproxy, dante, microsocks } = proxyFarm;
    const txt = await exportOf("");
    expect(txt.trim().split("\n").sort()).toEqual(
      [
        `http://127.0.0.1:${squid.port}`,
        `127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${dante.port}`,
        `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
      ].sort(),
    );
  });

  test("exports every item as CSV under the documented header", async ({ exportOf, proxyFarm }) => {
    const csv = await exportOf("?format=csv");
    expect(csv.split("\r\n")[0]).toBe(
      "proxy,proxy_norm,line,requested_protocol,status,reason,protocol,protocols,https,connect_ms,ttfb_ms,total_ms," +
        "exit_ip,asn,org,country,anonymity,targets,checked_at",
    );
    const squidRow = csv
      .split("\r\n")
      .find((row) => row.startsWith(`http://127.0.0.1:${proxyFarm.squid.port},`));
    // protocols is one cell of words; https a boolean.
    expect(squidRow).toContain(",live,,http,http https,true,");
    expect(csv.trim().split("\r\n")).toHaveLength(10);
  });

  test("exports every item as JSON", async ({ exportOf }) => {
    const json = JSON.parse(await exportOf("?format=json"));
    expect(json).toHaveLength(9);
  });
});

describe("a check job end to end", () => {
  test("says which submitted line and protocol each item answers, in the form submitted", async ({
    api,
    owner,
    proxyFarm,
  }) => {
    const { squid, tinyproxy, dante, microsocks } = proxyFarm;
    const lines = [
      `127.0.0.1:${tinyproxy.port} # tinyproxy`,
      `127.0.0.1:${squid.port} US-H-S +`,
      `[::ffff:127.0.0.1]:${dante.port}`,
      `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
    ];
    const response = await submit(api, owner.key, { proxies_text: lines.join("\n") });
    expect(response.status).toBe(202);
    const jobId = (await jsonBody(response)).job_id;
    await waitForJob(api, owner.key, jobId);
    const items = (await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/items`, owner.key))).items;
    expect(items).toMatchObject([
      {
        line: lines[0],
        requested_protocol: null,
        status: "live",
        protocols: expect.arrayContaining(["http"]),
      },
      {
        line: lines[1],
        requested_protocol: null,
        status: "live",
        protocols: expect.arrayContaining(["http"]),
      },
      {
        line: lines[2],
        proxy_norm: `[::ffff:7f00:1]:${dante.port}`,
        requested_protocol: null,
        protocols: expect.arrayContaining(["socks5"]),
      },
      {
        line: `socks5://alice:****@127.0.0.1:${microsocks.port}`,
        requested_protocol: "socks5",
        status: "live",
        protocols: ["socks5"],
      },
    ]);
    const exported = JSON.parse(
      await (await api.get(`/api/v1/api/jobs/${jobId}/export?format=json`, owner.key)).text(),
    );
    expect(exported.map((item: { proxy: string }) => item.proxy)).toEqual([
      `127.0.0.1:${tinyproxy.port}`,
      `127.0.0.1:${squid.port}`,
      `[::ffff:127.0.0.1]:${dante.port}`,
      lines[3],
    ]);
    expect(exported[3]).toMatchObject({ line: items[3].line, requested_protocol: "socks5" });
  });

  test("accepts a text/plain body as the list itself", async ({ api, owner, closedPort }) => {
    const response = await submit(api, owner.key, `127.0.0.1:${closedPort}\n`, "text/plain");
    expect(response.status).toBe(202);
    const job = await waitForJob(api, owner.key, (await jsonBody(response)).job_id);
    expect(job).toMatchObject({ total: 1, done: 1 });
  });

  test("completes at once when every target is guarded", async ({ api, owner }) => {
    const response = await submit(api, owner.key, { proxies_text: "192.168.1.1:80\n100.64.0.1:80" });
    expect(await jsonBody(response)).toMatchObject({ status: "completed", total: 2, blocked: 2 });
  });

  test("never shows one account's job to another", async ({ api, database, owner, closedPort }) => {
    const submitted = await jsonBody(
      await submit(api, owner.key, { proxies_text: `127.0.0.1:${closedPort}` }),
    );
    const stranger = await createTestAccount(database.prisma);
    for (const path of ["", "/items", "/export", "/export?format=json"]) {
      const response = await api.get(`/api/v1/api/jobs/${submitted.job_id}${path}`, stranger.key);
      expect(response.status).toBe(404);
      expect(await jsonBody(response)).toEqual({ code: "not_found", error: "job not found" });
    }
    const cancel = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${stranger.key}` },
    });
    expect(cancel.status).toBe(404);
    expect(await jsonBody(cancel)).toEqual({ error: "job not found", code: "not_found" });
    const job = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
    expect(job.status).not.toBe("cancelled");
    expect((await api.get("/api/v1/api/jobs/not-a-uuid", owner.key)).status).toBe(404);
  });

  test("cancels a job its owner no longer wants", async ({ api, owner, hanging }) => {
    const lines = Array.from({ length: 30 }, (_, i) => `127.0.0.1:${hanging.port}:user${i}:pass`);
    const submitted = await jsonBody(await submit(api, owner.key, { proxies_text: lines.join("\n") }));
    const response = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect(await jsonBody(response)).toEqual({ job_id: submitted.job_id, status: "cancelled" });
    const job = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
    expect(job).toMatchObject({ status: "cancelled", finished_at: expect.any(String) });
  });
});
