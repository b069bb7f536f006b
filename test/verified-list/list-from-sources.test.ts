import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createSourceRepository } from "@sieve/core";
import {
  createTestAccount,
  freePort,
  loopbackAsn,
  loopbackAsnTablesDir,
  type RunningProxy,
  test as sieveTest,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

interface ListItem {
  proxy_norm: string;
  protocol: string;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
  protocols: string[];
  https: boolean;
  exit_ip: string | null;
  asn: number | null;
  org: string | null;
  last_success_at: string | null;
  checks: number;
}

const test = sieveTest
  .extend("deadPorts", { scope: "file" }, async () => [await freePort(), await freePort()])
  // A page of the kind public lists are: scheme URLs, bare addresses, addresses inside markup.
  .extend("sourceUrl", { scope: "file" }, async ({ proxyFarm, deadPorts }, { onCleanup }) => {
    const body = [
      "# free proxies, updated hourly",
      `http://127.0.0.1:${proxyFarm.squid.port}`,
      `<tr><td>127.0.0.1:${proxyFarm.tinyproxy.port}</td><td>transparent</td></tr>`,
      `127.0.0.1:${proxyFarm.dante.port}`,
      `socks5://127.0.0.1:${proxyFarm.microsocks.port}`,
      ...deadPorts.map((port) => `127.0.0.1:${port} dead`),
    ].join("\n");
    const sourceServer = createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => sourceServer.listen(0, "127.0.0.1", resolve));
    onCleanup(() => new Promise<void>((resolve) => sourceServer.close(() => resolve())));
    return `http://127.0.0.1:${(sourceServer.address() as AddressInfo).port}/proxies.txt`;
  });
test.override("proxyFarmOptions", { squid: { anonymity: "elite" }, tinyproxy: { anonymity: "transparent" } });
test.override("apiEnv", { LIST_META_TTL_MS: "0" });
// The proxies leave from loopback addresses, which these tables place in a test network.
test.override("listWorkerEnv", { ASN_DB_DIR: loopbackAsnTablesDir });
test.beforeAll(async ({ database, sourceUrl }) => {
  await createSourceRepository({ pool: database.pool }).add({ location: sourceUrl, intervalMinutes: 60 });
}, 60_000);

describe("the verified list gathered from a source", { timeout: 60_000 }, () => {
  test("serves the live proxies of a completed cycle with protocol, anonymity and score, and not the dead ones", async ({
    api,
    database,
    proxyFarm: proxies,
    deadPorts,
    listWorker: _listWorker,
  }) => {
    await waitFor(async () => {
      const { rows } = await database.pool.query(
        `SELECT count(*) FILTER (WHERE checked_at IS NULL) AS unchecked, count(*) AS total,
                (SELECT refreshed_at FROM list_refresh WHERE pool = 'public') >= max(checked_at) AS refreshed
         FROM proxies`,
      );
      const row = rows[0];
      return Number(row.total) === 6 && Number(row.unchecked) === 0 && row.refreshed;
    });

    const account = await createTestAccount(database.prisma);
    const response = await api.get("/api/v1/api/proxies?limit=100", account.key);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total: number; refreshed_at: string | null; items: ListItem[] };
    const served = Object.fromEntries(body.items.map((item) => [item.proxy_norm, item]));
    const at = (proxy: RunningProxy) => served[`127.0.0.1:${proxy.port}`];

    expect(body.total).toBe(4);
    expect(body.refreshed_at).not.toBeNull();
    expect(at(proxies.squid)).toMatchObject({ protocol: "http", anonymity: "elite", uptime_score: 1 });
    expect(at(proxies.tinyproxy)).toMatchObject({
      protocol: "http",
      anonymity: "transparent",
      uptime_score: 1,
    });
    // Listed without a scheme: the check detects SOCKS5 (dante also speaks SOCKS4).
    expect(at(proxies.dante)).toMatchObject({ protocol: "socks5", anonymity: "elite", uptime_score: 1 });
    expect(at(proxies.microsocks)).toMatchObject({ protocol: "socks5", anonymity: "elite", uptime_score: 1 });
    for (const item of body.items) expect(item.latency_ms).toBeGreaterThanOrEqual(0);
    for (const port of deadPorts) expect(served[`127.0.0.1:${port}`]).toBeUndefined();

    const { rows } = await database.pool.query<{ port: number; exit_ip: string | null; alive: boolean }>(
      "SELECT port, exit_ip, alive FROM proxies",
    );
    const exitIps = Object.fromEntries(rows.map((row) => [row.port, row.exit_ip]));
    for (const proxy of Object.values(proxies)) expect(exitIps[proxy.port]).toBe(proxy.exitAddress);
  });

  test("serves each proxy's exit address and network, HTTPS capability, answered protocols and check history", async ({
    api,
    database,
    proxyFarm: proxies,
  }) => {
    const account = await createTestAccount(database.prisma);
    const list = async (query: string) => {
      const response = await api.get(`/api/v1/api/proxies?limit=100${query}`, account.key);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { total: number; items: ListItem[] };
      return Object.fromEntries(body.items.map((item) => [item.proxy_norm, item]));
    };
    const served = await list("");
    const at = (proxy: RunningProxy) => served[`127.0.0.1:${proxy.port}`];

    // squid was listed as http://: the list still tries CONNECT to TLS once HTTP works.
    expect(at(proxies.squid)).toMatchObject({ protocol: "http", protocols: ["http", "https"], https: true });
    expect(at(proxies.tinyproxy)).toMatchObject({
      protocol: "http",
      protocols: ["http", "https"],
      https: true,
    });
    expect(at(proxies.dante)).toMatchObject({
      protocol: "socks5",
      protocols: ["socks5", "socks4"],
      https: false,
    });
    expect(at(proxies.microsocks)).toMatchObject({ protocol: "socks5", protocols: ["socks5"], https: false });
    for (const proxy of Object.values(proxies)) {
      const item = at(proxy);
      expect(item).toMatchObject({ exit_ip: proxy.exitAddress, ...loopbackAsn });
      expect(item?.checks).toBeGreaterThanOrEqual(1);
      expect(item?.last_success_at).not.toBeNull();
      expect(Date.parse(item?.last_success_at ?? "")).toBeLessThanOrEqual(Date.parse(item?.checked_at ?? ""));
    }

    const ports = (items: Record<string, ListItem>) => Object.keys(items).sort();
    const port = (proxy: RunningProxy) => `127.0.0.1:${proxy.port}`;
    expect(ports(await list("&https=true"))).toEqual([port(proxies.squid), port(proxies.tinyproxy)].sort());
    expect(ports(await list(`&asn=${loopbackAsn.asn}`))).toHaveLength(4);
    expect(ports(await list(`&asn=${loopbackAsn.asn + 1}`))).toEqual([]);
    // Every farm proxy leaves from its own loopback address, not 127.0.0.1, where it listens.
    expect(ports(await list("&exit_differs=true"))).toHaveLength(4);
  });

  test("reports the source's candidates, new and live counts", async ({ database }) => {
    const [source] = await createSourceRepository({ pool: database.pool }).list();
    expect(source).toMatchObject({ candidates: 6, newCandidates: 6, live: 4, lastError: null });
    expect(source?.lastFetchedAt).toBeInstanceOf(Date);
  });
});
