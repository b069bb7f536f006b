import { createDestinationPacer, createRedis, pacedProber } from "@sieve/core";
import {
  claimKeyPrefix,
  freePort,
  jsonBody,
  makeSelfSignedCertificate,
  openTestProber,
  serviceFixture,
  test as sieveTest,
  startRewritingProxy,
  startSocks4aProxy,
  startTargetSite,
  startTestApi,
  startTestWorker,
  TARGET_PAGE_TEXT,
  type TestApi,
  uniqueLoopbackAddress,
  waitForCompletion,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

interface TargetResult {
  url: string;
  ok: boolean;
  status: number | null;
  ms: number;
  error?: string;
}
interface Item {
  proxy_norm: string;
  status: string;
  targets: TargetResult[];
}

const test = sieveTest
  .extend("site", { scope: "file" }, serviceFixture(startTargetSite))
  .extend(
    "rewriter",
    { scope: "file" },
    serviceFixture(() =>
      startRewritingProxy({ rewrite: (body) => body.replace(TARGET_PAGE_TEXT, "Buy our ads") }),
    ),
  )
  .extend("socks4a", { scope: "file" }, serviceFixture(startSocks4aProxy))
  .extend("closedPort", { scope: "file" }, () => freePort());
// The proxies, the site and the judge are all on loopback.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

/** Submits a job with targets and returns its items once it completed. */
async function checkedItems(
  api: TestApi,
  databaseUrl: string,
  key: string,
  lines: string[],
  targets: unknown[],
) {
  const response = await submit(api, key, { proxies_text: lines.join("\n"), targets });
  const submitted = await jsonBody(response);
  expect(response.status, JSON.stringify(submitted)).toBe(202);
  const jobId: string = submitted.job_id;
  // Read from the database: polling the API would spend the key's read quota.
  await waitForCompletion(databaseUrl, jobId, 30_000);
  const page = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/items`, key));
  return { jobId, items: page.items as Item[] };
}

const itemOf = (items: Item[], port: number) => items.find((item) => item.proxy_norm.endsWith(`:${port}`))!;

describe("target checks", { timeout: 60_000 }, () => {
  test("requests each target through a live proxy: the expected page passes, a 302 is not followed, a page past the byte cap fails", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    closedPort,
    worker: _,
  }) => {
    const { tinyproxy, microsocks } = proxyFarm;
    const { jobId, items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [
        `http://127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${microsocks.port}`,
        `127.0.0.1:${closedPort}`,
      ],
      [
        { url: `${site.url}/page`, expect_status: 200, expect_text: TARGET_PAGE_TEXT },
        { url: `${site.url}/moved` },
        { url: `${site.url}/large`, expect_text: "not in there" },
      ],
    );
    for (const port of [tinyproxy.port, microsocks.port]) {
      const item = itemOf(items, port);
      expect(item.status).toBe("live");
      const [page, moved, large] = item.targets;
      expect(page).toMatchObject({ url: `${site.url}/page`, ok: true, status: 200 });
      expect(page!.error).toBeUndefined();
      expect(page!.ms).toBeGreaterThanOrEqual(0);
      expect(moved).toMatchObject({ ok: false, status: 302, error: "status 302, expected 2xx" });
      expect(large).toMatchObject({ ok: false, status: 200, error: "more than 262144 bytes" });
    }
    // The redirect was not followed: /page was asked for once per live proxy, by the first target.
    expect(site.requests("/page")).toBe(2);
    expect(site.requests("/moved")).toBe(2);
    // The proxy was asked for the pinned address, and the site saw the target's own Host.
    expect(site.hosts()).toContain(`127.0.0.1:${site.port}`);
    // A dead proxy gets no target request.
    expect(itemOf(items, closedPort)).toMatchObject({ status: "dead", targets: [] });

    // Exports carry the results: JSON as the items show them, CSV as one JSON cell.
    const exported = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/export?format=json`, owner.key));
    const exportedItem = (exported as Item[]).find((item) => item.proxy_norm.endsWith(`:${tinyproxy.port}`));
    expect(exportedItem?.targets).toEqual(itemOf(items, tinyproxy.port).targets);
    const csv = await (await api.get(`/api/v1/api/jobs/${jobId}/export?format=csv`, owner.key)).text();
    const [header = "", ...rows] = csv.trim().split("\n");
    expect(header.split(",")).toContain("targets");
    const tinyRow = rows.find((row) => row.includes(`:${tinyproxy.port}`));
    expect(tinyRow).toContain('""status"":302');
  });

  test("asks every kind of proxy for the address the name resolved to, and the site for the name", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    socks4a,
    worker: _,
  }) => {
    const { tinyproxy, dante } = proxyFarm;
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [
        `http://127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${dante.port}`,
        `socks4a://127.0.0.1:${socks4a.port}`,
      ],
      [{ url: `http://localhost:${site.port}/page`, expect_text: TARGET_PAGE_TEXT }],
    );
    for (const port of [tinyproxy.port, dante.port, socks4a.port]) {
      expect(itemOf(items, port).targets).toEqual([expect.objectContaining({ ok: true, status: 200 })]);
    }
    // SOCKS4a could carry the name; it is given the checked address, so it cannot resolve it anew.
    expect(socks4a.requested).toContain(`127.0.0.1:${site.port}`);
    expect(socks4a.requested).not.toContain(`localhost:${site.port}`);
    expect(site.hosts()).toContain(`localhost:${site.port}`);
  });

  test("a target that answers too slowly is cut at 5 s", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    worker: _,
  }) => {
    const { tinyproxy } = proxyFarm;
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [`http://127.0.0.1:${tinyproxy.port}`],
      [{ url: `${site.url}/slow` }],
    );
    const [slow] = itemOf(items, tinyproxy.port).targets;
    expect(slow).toMatchObject({ ok: false, status: 200, error: "timed out after 5000 ms" });
    expect(slow!.ms).toBeGreaterThanOrEqual(4900);
    expect(slow!.ms).toBeLessThan(8000);
  });

  test("a proxy that rewrites pages passes the judge and fails expect_text", async ({
    api,
    database,
    owner,
    site,
    rewriter,
    worker: _,
  }) => {
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [`http://127.0.0.1:${rewriter.port}`],
      [{ url: `${site.url}/page`, expect_text: TARGET_PAGE_TEXT }, { url: `${site.url}/page` }],
    );
    const item = itemOf(items, rewriter.port);
    expect(item.status).toBe("live");
    expect(item.targets).toEqual([
      expect.objectContaining({ ok: false, status: 200, error: "expect_text not found in the answer" }),
      // Without expect_text the rewritten page still has the expected status.
      expect.objectContaining({ ok: true, status: 200 }),
    ]);
    expect(rewriter.rewritten()).toBe(2);
  });

  test("an https target's certificate is verified: refused when self-signed, accepted once the worker trusts it", async ({
    api,
    database,
    judge,
    owner,
    proxyFarm,
    workerProcesses,
    worker: _,
  }) => {
    const certificate = makeSelfSignedCertificate();
    const tlsSite = await startTargetSite({ tls: certificate });
    // A second API, so the worker process that trusts the certificate serves its jobs alone.
    const trustingApi = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });
    try {
      const { tinyproxy, microsocks } = proxyFarm;
      const lines = [`http://127.0.0.1:${tinyproxy.port}`, `socks5://127.0.0.1:${microsocks.port}`];
      const targets = [
        { url: `${tlsSite.url}/page`, expect_text: TARGET_PAGE_TEXT },
        // By name: the name is what TLS checks the certificate against (and sends as SNI).
        { url: `https://localhost:${tlsSite.port}/page`, expect_text: TARGET_PAGE_TEXT },
      ];

      const untrusted = await checkedItems(api, database.url, owner.key, lines, targets);
      for (const item of untrusted.items) {
        expect(item.status).toBe("live");
        for (const target of item.targets) {
          expect(target).toMatchObject({
            ok: false,
            status: null,
            error: "TLS: DEPTH_ZERO_SELF_SIGNED_CERT",
          });
        }
      }

      await workerProcesses.start({
        databaseUrl: database.url,
        queuePrefix: trustingApi.queuePrefix,
        judge,
        env: { NODE_EXTRA_CA_CERTS: certificate.certFile },
      });
      const trusted = await checkedItems(trustingApi, database.url, owner.key, lines, targets);
      for (const item of trusted.items) {
        expect(item.status).toBe("live");
        expect(item.targets).toEqual([
          expect.objectContaining({ ok: true, status: 200 }),
          expect.objectContaining({ ok: true, status: 200 }),
        ]);
      }
    } finally {
      await trustingApi.close();
      await tlsSite.stop();
      certificate.remove();
    }
  });

  test("a target whose name resolves to a guarded address is refused right before connecting", async ({
    database,
    judge,
    owner,
    site,
  }) => {
    // The worker may dial the proxy's address only: localhost (127.0.0.1) is guarded for it.
    const proxyAddress = uniqueLoopbackAddress();
    const proxy = await startRewritingProxy({ rewrite: (body) => body, host: proxyAddress });
    const guardedApi = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });
    const guardedWorker = await startTestWorker({
      database,
      queuePrefix: guardedApi.queuePrefix,
      judge,
      env: { CHECK_ALLOW_CIDRS: `${proxyAddress}/32` },
    });
    try {
      const before = site.requests("/page");
      const { items } = await checkedItems(
        guardedApi,
        database.url,
        owner.key,
        [`http://${proxyAddress}:${proxy.port}`],
        [{ url: `http://localhost:${site.port}/page` }, { url: `${site.url}/page` }],
      );
      const item = itemOf(items, proxy.port);
      expect(item.status).toBe("live");
      expect(item.targets).toEqual([
        expect.objectContaining({
          ok: false,
          status: null,
          error: "localhost resolves to a guarded address",
        }),
        expect.objectContaining({ ok: false, status: null, error: "127.0.0.1 is a guarded address" }),
      ]);
      // Nothing reached the site: the proxy was never asked for it.
      expect(site.requests("/page")).toBe(before);
    } finally {
      await guardedWorker.stop();
      await guardedApi.close();
      await proxy.stop();
    }
  });

  test("paces the requests to one target address across proxies, as probes are paced per destination", async ({
    judge,
    proxyFarm,
    rewriter,
  }) => {
    // Its own address, so its bucket is not the one the proxies (127.0.0.1) draw from.
    const paced = await startTargetSite({ host: uniqueLoopbackAddress() });
    const redis = createRedis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { role: "producer" });
    try {
      const pacer = createDestinationPacer({
        redis,
        keyPrefix: claimKeyPrefix("destination-pace"),
        perSecond: 2,
      });
      const prober = pacedProber(await openTestProber(judge), pacer);
      const targets = [1, 2, 3].map(() => ({ url: `${paced.url}/page`, expect_text: TARGET_PAGE_TEXT }));
      const results = await Promise.all(
        [proxyFarm.microsocks.port, rewriter.port].map((port, index) =>
          prober.probe({ host: "127.0.0.1", port, protocol: index === 0 ? "socks5" : "http" }, { targets }),
        ),
      );
      for (const result of results) expect(result.status).toBe("live");
      expect(results[0]!.targets?.map((target) => target.ok)).toEqual([true, true, true]);
      // Six requests for one address at two a second: two in the first second, all in the end.
      const times = paced.requestTimes("/page");
      expect(times).toHaveLength(6);
      expect(times.filter((at) => at - times[0]! < 950)).toHaveLength(2);
    } finally {
      redis.disconnect();
      await paced.stop();
    }
  });

  test("refuses bad targets at submission with a 400 naming the target and the field", async ({
    api,
    owner,
  }) => {
    const page = "http://127.0.0.1:8000/page";
    const cases: [unknown, string][] = [
      [[{ url: page }, { url: page }, { url: page }, { url: page }], "targets: at most 3 targets"],
      ["http://127.0.0.1/", "targets must be an array of {url, expect_status, expect_text}"],
      [[{ url: page }, "x"], 'targets[1]: must be an object such as {"url": "https://…"}'],
      [[{ expect_status: 200 }], "targets[0].url: must be a string"],
      [[{ url: page }, { url: "ftp://127.0.0.1/file" }], "targets[1].url: must be an http or https URL"],
      [[{ url: "not a url" }], "targets[0].url: is not a URL"],
      [[{ url: "http://user:secret@127.0.0.1/" }], "targets[0].url: must not carry credentials"],
      [
        [{ url: page, expect_status: 99 }],
        "targets[0].expect_status: must be a whole number from 100 to 599",
      ],
      [
        [{ url: page, expect_status: "200" }],
        "targets[0].expect_status: must be a whole number from 100 to 599",
      ],
      [[{ url: page, expect_text: "" }], "targets[0].expect_text: must not be empty"],
      [
        [{ url: page, expect_text: "x".repeat(201) }],
        "targets[0].expect_text: must be at most 200 characters",
      ],
      [[{ url: page, method: "POST" }], 'targets[0]: unknown field "method"'],
      [
        [{ url: page }, { url: "http://192.0.2.10/" }],
        "targets[1].url points to a guarded address (private, loopback, link-local, metadata or reserved)",
      ],
      [
        [{ url: "https://[::ffff:169.254.169.254]/latest" }],
        "targets[0].url points to a guarded address (private, loopback, link-local, metadata or reserved)",
      ],
    ];
    for (const [targets, error] of cases) {
      const response = await submit(api, owner.key, { proxies_text: "127.0.0.1:8080", targets });
      expect(response.status, JSON.stringify(targets)).toBe(400);
      expect((await jsonBody(response)).error).toBe(error);
    }
  });
});
