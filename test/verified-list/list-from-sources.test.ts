import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSourceRepository } from "@sieve/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import {
  type RunningProxy,
  startDante,
  startMicrosocks,
  startSquid,
  startTinyproxy,
} from "../support/proxy-servers.ts";
import {
  eventually,
  removeQueueKeys,
  startVerifiedListWorker,
  type TestVerifiedListWorker,
} from "../support/verified-list-worker.ts";

interface ListItem {
  proxy_norm: string;
  protocol: string;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
}

const queuePrefix = `test-vl-${randomBytes(6).toString("hex")}`;
let database: PrivateDatabase;
let judge: RunningJudge;
let api: TestApi;
let worker: TestVerifiedListWorker;
let sourceServer: Server;
let proxies: Record<"squid" | "tinyproxy" | "dante" | "microsocks", RunningProxy>;
let deadPorts: number[];

beforeAll(async () => {
  [database, judge] = await Promise.all([createPrivateDatabase(), startJudge()]);
  const [squid, tinyproxy, dante, microsocks] = await Promise.all([
    startSquid({ anonymity: "elite" }),
    startTinyproxy({ anonymity: "transparent" }),
    startDante(),
    startMicrosocks(),
  ]);
  proxies = { squid: squid!, tinyproxy: tinyproxy!, dante: dante!, microsocks: microsocks! };
  deadPorts = [await freePort(), await freePort()];
  // A page of the kind public lists are: scheme URLs, bare addresses, addresses inside markup.
  const body = [
    "# free proxies, updated hourly",
    `http://127.0.0.1:${proxies.squid.port}`,
    `<tr><td>127.0.0.1:${proxies.tinyproxy.port}</td><td>transparent</td></tr>`,
    `127.0.0.1:${proxies.dante.port}`,
    `socks5://127.0.0.1:${proxies.microsocks.port}`,
    ...deadPorts.map((port) => `127.0.0.1:${port} dead`),
  ].join("\n");
  sourceServer = createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => sourceServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(sourceServer.address() as AddressInfo).port}/proxies.txt`;
  await createSourceRepository({ pool: database.pool }).add({ location: url, intervalMinutes: 60 });

  api = await startTestApi(database, { LIST_META_TTL_MS: "0" });
  worker = await startVerifiedListWorker({ database, judge, queuePrefix });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await removeQueueKeys(queuePrefix);
  await api?.close();
  sourceServer?.close();
  await Promise.allSettled(Object.values(proxies ?? {}).map((proxy) => proxy.stop()));
  await judge?.stop();
  await database?.drop();
});

describe("the verified list gathered from a source", { timeout: 60_000 }, () => {
  it("serves the live proxies of a completed cycle with protocol, anonymity and score, and not the dead ones", async () => {
    await eventually(async () => {
      const { rows } = await database.pool.query(
        `SELECT count(*) FILTER (WHERE checked_at IS NULL) AS unchecked, count(*) AS total,
                (SELECT refreshed_at FROM list_refresh WHERE pool = 'public') >= max(checked_at) AS refreshed
         FROM proxies`,
      );
      const row = rows[0];
      return Number(row.total) === 6 && Number(row.unchecked) === 0 && row.refreshed ? true : undefined;
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

  it("reports the source's candidates, new and live counts", async () => {
    const [source] = await createSourceRepository({ pool: database.pool }).list();
    expect(source).toMatchObject({ candidates: 6, newCandidates: 6, live: 4, lastError: null });
    expect(source?.lastFetchedAt).toBeInstanceOf(Date);
  });
});
