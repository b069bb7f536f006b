import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createSourceRepository } from "@sieve/core";
import { createTestAccount, test as sieveTest, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";

interface ListItem {
  proxy_norm: string;
  protocol: string;
}

/** Two lists in the shapes public lists use, pointing at the file's real proxies. */
const test = sieveTest.extend("listUrls", { scope: "file" }, async ({ proxyFarm }, { onCleanup }) => {
  const bodies: Record<string, string> = {
    // The entry of the bug report: a lone JSON object, the port as text, type https.
    "/typed.json": JSON.stringify({
      host: "127.0.0.1",
      port: String(proxyFarm.tinyproxy.port),
      type: "https",
    }),
    // hideip.me's ip:port:Country and spys' decorated lines, and the tinyproxy address again.
    "/mixed.txt": [
      `127.0.0.1:${proxyFarm.squid.port}:United States`,
      `127.0.0.1:${proxyFarm.microsocks.port} US-H! +`,
      `127.0.0.1:${proxyFarm.tinyproxy.port}`,
    ].join("\n"),
  };
  const server = createServer((req, res) => res.end(bodies[req.url ?? ""] ?? "NOTFOUND"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { typed: `${base}/typed.json`, mixed: `${base}/mixed.txt` };
});
test.override("apiEnv", { LIST_META_TTL_MS: "0" });

describe("sources in the formats of the public lists", { timeout: 60_000 }, () => {
  test("serves a JSON entry of type https as an https proxy, and credits each source with what it lists", async ({
    api,
    database,
    proxyFarm,
    listUrls,
    listWorker: _listWorker,
  }) => {
    const sources = createSourceRepository({ pool: database.pool });
    // The list naming no protocol first: its row for the tinyproxy address detects the protocol,
    // and must not swallow the https entry fetched after it.
    const mixed = await sources.add({ location: listUrls.mixed, intervalMinutes: 60 });
    await waitFor(async () => (await sources.list()).some((row) => row.id === mixed.id && row.lastFetchedAt));
    const typed = await sources.add({ location: listUrls.typed, intervalMinutes: 60 });
    await waitFor(
      async () => {
        const { rows } = await database.pool.query<{ total: number; unchecked: number }>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE checked_at IS NULL)::int AS unchecked
           FROM proxies WHERE pool = 'public'`,
        );
        return rows[0]?.total === 4 && rows[0].unchecked === 0;
      },
      { timeout: 45_000 },
    );

    const account = await createTestAccount(database.prisma);
    const page = (await (await api.get("/api/v1/api/proxies?limit=50", account.key)).json()) as {
      items: ListItem[];
    };
    const served = Object.fromEntries(page.items.map((item) => [item.proxy_norm, item.protocol]));
    const tinyproxy = page.items
      .filter((item) => item.proxy_norm === `127.0.0.1:${proxyFarm.tinyproxy.port}`)
      .map((item) => item.protocol);
    // Listed as https by one source and without a protocol by the other: both rows are served.
    expect(tinyproxy.sort()).toEqual(["http", "https"]);
    expect(served).toMatchObject({
      [`127.0.0.1:${proxyFarm.squid.port}`]: "http",
      [`127.0.0.1:${proxyFarm.microsocks.port}`]: "socks5",
    });

    const figures = Object.fromEntries((await sources.list()).map((source) => [source.id, source]));
    expect(figures[typed.id]).toMatchObject({ candidates: 1, listed: 1, live: 1, aliveFraction24h: 1 });
    expect(figures[mixed.id]).toMatchObject({ candidates: 3, listed: 3, live: 3, aliveFraction24h: 1 });
  });
});
