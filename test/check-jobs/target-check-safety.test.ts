import { createDestinationPacer, createRedis, pacedProber } from "@sieve/core";
import {
  claimKeyPrefix,
  jsonBody,
  makeSelfSignedCertificate,
  openTestProber,
  startRewritingProxy,
  startTargetSite,
  startTestApi,
  startTestWorker,
  TARGET_PAGE_TEXT,
  uniqueLoopbackAddress,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";
import { checkedItems, itemOf, test } from "./target-check-support.ts";

describe("target checks' safety: certificates, the guard, pacing and bad input", { timeout: 60_000 }, () => {
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
