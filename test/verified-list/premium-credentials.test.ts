import {
  createTestAccount,
  openTestProber,
  type RunningProxy,
  test as sieveTest,
  startedTogether,
  startMicrosocks,
  startSquid,
  startTinyproxy,
  waitFor,
} from "@sieve/test-support";
import { parseProxyLine, probeTargetOf } from "@sieve/vocabulary";
import { describe, expect } from "vitest";

/** Credentials with characters that need care in a URL: a colon and an @ (tinyproxy takes no others). */
const ALICE = { username: "alice", password: "so:cks@5" };
const BOB = { username: "bob", password: "tiny-proxy_9" };
const CAROL = { username: "carol", password: "squid-pass" };

interface PremiumItem {
  proxy: string;
  proxy_norm: string;
  protocol: string;
  uptime_score: number;
  exit_ip: string | null;
}

const test = sieveTest
  // Servers that ask for credentials; lockedSocks is a second SOCKS5 server, imported with a wrong password.
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend("servers", { scope: "file" }, async ({}, { onCleanup }) => {
    const [microsocks, tinyproxy, lockedSocks, squid] = await startedTogether(onCleanup, [
      startMicrosocks({ credentials: ALICE }),
      startTinyproxy({ anonymity: "elite", credentials: BOB }),
      startMicrosocks({ credentials: ALICE }),
      startSquid({ anonymity: "elite", credentials: CAROL }),
    ]);
    return { microsocks, tinyproxy, lockedSocks, squid };
  })
  .extend("admin", { scope: "file" }, ({ database }) => createTestAccount(database.prisma, { role: "admin" }))
  .extend("premiumUser", { scope: "file" }, ({ database }) =>
    createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + 86_400_000) }),
  )
  .extend("freeUser", { scope: "file" }, ({ database }) => createTestAccount(database.prisma));
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

const served = (proxy: RunningProxy) => `127.0.0.1:${proxy.port}`;

describe("credentialed premium proxies", { timeout: 90_000 }, () => {
  test("are imported in every line form, checked with their credentials and served with them to premium readers only", async ({
    api,
    database,
    admin,
    premiumUser,
    freeUser,
    servers: { microsocks, tinyproxy, squid, lockedSocks },
    judge,
    listWorker: _listWorker,
  }) => {
    const lines = [
      `socks5://${ALICE.username}:${encodeURIComponent(ALICE.password)}@${served(microsocks)}`,
      `${served(tinyproxy)}:${BOB.username}:${BOB.password}`,
      `http://${CAROL.username}:${CAROL.password}@${served(squid)}`,
      // The right server with the wrong password: checked, and failing with the reason.
      `socks5://${ALICE.username}:wrong@${served(lockedSocks)}`,
      "192.0.2.77:8080",
    ].join("\n");
    const imported = await fetch(`${api.url}/api/v1/api/admin/premium/proxies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin.key}`, "Content-Type": "text/plain" },
      body: lines,
    });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({
      candidates: 5,
      added: 4,
      with_credentials: 4,
      refused: [{ proxy: "192.0.2.77:8080", reason: expect.stringContaining("guarded address") }],
    });

    await waitFor(
      async () => {
        const { rows } = await database.pool.query<{ unchecked: number }>(
          "SELECT count(*) FILTER (WHERE checked_at IS NULL)::int AS unchecked FROM proxies WHERE pool = 'premium'",
        );
        return rows[0]?.unchecked === 0;
      },
      { timeout: 60_000 },
    );

    const page = await api.get("/api/v1/api/premium/proxies?limit=50", premiumUser.key);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { total: number; items: PremiumItem[] };
    const byAddress = Object.fromEntries(body.items.map((item) => [item.proxy_norm, item]));
    expect(body.total).toBe(3);
    expect(byAddress[served(microsocks)]).toMatchObject({
      protocol: "socks5",
      proxy: `socks5://alice:${encodeURIComponent(ALICE.password)}@${served(microsocks)}`,
    });
    expect(byAddress[served(tinyproxy)]).toMatchObject({
      protocol: "http",
      proxy: `http://bob:${encodeURIComponent(BOB.password)}@${served(tinyproxy)}`,
    });
    expect(byAddress[served(squid)]).toMatchObject({
      protocol: "http",
      proxy: `http://carol:squid-pass@${served(squid)}`,
    });
    // The TLS tunnel is tried with the entry's credentials too.
    expect(byAddress[served(squid)]).toMatchObject({ protocols: ["http", "https"], https: true });
    expect(byAddress[served(microsocks)]).toMatchObject({ protocols: ["socks5"], https: false });
    for (const item of body.items) {
      expect(item).toMatchObject({ checks: expect.any(Number), last_success_at: expect.any(String) });
      expect(item.exit_ip).toMatch(/^127\./);
    }

    // Each served proxy works as given: read back by the line parser a client would use, then dialled.
    const prober = await openTestProber(judge);
    for (const item of body.items) {
      const line = parseProxyLine(item.proxy);
      expect(line.ok).toBe(true);
      if (!line.ok) continue;
      expect((await prober.probe(probeTargetOf(line.proxy), { anonymity: false })).status).toBe("live");
      const bare = parseProxyLine(item.proxy_norm);
      if (bare.ok) {
        const without = await prober.probe(probeTargetOf({ ...bare.proxy, protocol: line.proxy.protocol }), {
          anonymity: false,
        });
        expect(without).toMatchObject({ status: "dead", reason: "auth_failed" });
      }
    }

    const exported = await api.get("/api/v1/api/premium/proxies/export?format=txt", premiumUser.key);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("cache-control")).toBe("no-store");
    expect((await exported.text()).trim().split("\n").sort()).toEqual(
      body.items.map((item) => item.proxy).sort(),
    );
    const csv = await (
      await api.get("/api/v1/api/premium/proxies/export?format=csv", premiumUser.key)
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "proxy,proxy_norm,protocol,protocols,https,country,anonymity,latency_ms,uptime_score,checked_at," +
        "exit_ip,asn,org,last_success_at,checks,targets_ok",
    );
    // protocols is one cell of words, as in the public export.
    expect(csv).toContain(`http://carol:squid-pass@${served(squid)},${served(squid)},http,http https,true,`);
    expect(csv).toContain(`http://carol:squid-pass@${served(squid)}`);

    // Not for accounts without premium, and never through the public list.
    for (const path of ["/api/v1/api/premium/proxies", "/api/v1/api/premium/proxies/export?format=txt"]) {
      expect((await api.get(path, freeUser.key)).status).toBe(403);
    }
    const publicList = await (await api.get("/api/v1/api/proxies?limit=200", premiumUser.key)).text();
    for (const secret of ["alice", "bob", "carol", "squid-pass"]) expect(publicList).not.toContain(secret);
    const publicExport = await (
      await api.get("/api/v1/api/proxies/export?format=csv", premiumUser.key)
    ).text();
    expect(publicExport).not.toContain("carol");

    // The admin sees the failing entry with its last check and error, and usernames only.
    const dead = await api.get("/api/v1/api/admin/premium/proxies?state=dead", admin.key);
    const deadBody = (await dead.json()) as { total: number; items: Record<string, unknown>[] };
    expect(deadBody.total).toBe(1);
    expect(deadBody.items[0]).toMatchObject({
      host: "127.0.0.1",
      port: lockedSocks.port,
      protocol: "socks5",
      username: "alice",
      last_error: "auth_failed",
      checked_at: expect.any(String),
    });
    const live = await api.get("/api/v1/api/admin/premium/proxies?state=live", admin.key);
    const liveText = await live.text();
    expect((JSON.parse(liveText) as { total: number }).total).toBe(3);
    for (const secret of [ALICE.password, BOB.password, CAROL.password])
      expect(liveText).not.toContain(secret);
  });
});
