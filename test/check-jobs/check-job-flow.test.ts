import {
  freePort,
  jsonBody,
  loopbackAsn,
  loopbackAsnTablesDir,
  test as sieveTest,
  stageBeforeTests,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit, waitForJob } from "./submit-check.ts";

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
  // The items of the farm's proxies submitted once each, by server.
  .extend("farmItems", { scope: "file" }, ({ items, proxyFarm }) => {
    const { squid, tinyproxy, dante } = proxyFarm;
    const at = (port: number) => items.byProxy[`127.0.0.1:${port}`];
    return { squid: at(squid.port), tinyproxy: at(tinyproxy.port), dante: at(dante.port) };
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
    farmItems,
    proxyFarm,
  }) => {
    const { squid, tinyproxy, dante } = proxyFarm;
    expect(farmItems.squid).toMatchObject({
      status: "live",
      protocol: "http",
      exit_ip: squid.exitAddress,
      anonymity: "transparent",
    });
    for (const item of Object.values(farmItems)) expect(item).toMatchObject(loopbackAsn);
    expect(farmItems.tinyproxy).toMatchObject({
      status: "live",
      exit_ip: tinyproxy.exitAddress,
      anonymity: "elite",
    });
    expect(farmItems.dante).toMatchObject({ status: "live", protocol: "socks5", exit_ip: dante.exitAddress });
  });

  test("says which proxies tunnel CONNECT to TLS, the one submitted as http:// too", ({ farmItems }) => {
    expect(farmItems.squid).toMatchObject({ protocols: ["http", "https"], https: true });
    expect(farmItems.tinyproxy).toMatchObject({ https: true });
    expect(farmItems.dante).toMatchObject({ protocols: ["socks5"], https: false });
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
