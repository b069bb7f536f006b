import { ingestCandidates } from "@sieve/core";
import {
  claimKeyPrefix,
  createTestAccount,
  jsonBody,
  serviceFixture,
  test as sieveTest,
  startRewritingProxy,
  startTargetSite,
  startVerifiedListWorker,
  TARGET_PAGE_TEXT,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

interface ListItem {
  proxy_norm: string;
  targets_ok: boolean | null;
}

const test = sieveTest.extend("site", { scope: "file" }, serviceFixture(startTargetSite)).extend(
  "rewriter",
  { scope: "file" },
  serviceFixture(() =>
    startRewritingProxy({ rewrite: (body) => body.replace(TARGET_PAGE_TEXT, "Buy our ads") }),
  ),
);

describe("the verified list's default targets", { timeout: 60_000 }, () => {
  test("give each live proxy targets_ok, which the list serves, filters on and exports", async ({
    api,
    database,
    judge,
    proxyFarm,
    rewriter,
    site,
  }) => {
    const { tinyproxy } = proxyFarm;
    await ingestCandidates(database.pool, { pool: "public", sourceId: null }, [
      { host: "127.0.0.1", port: tinyproxy.port, protocol: "http" },
      { host: "127.0.0.1", port: rewriter.port, protocol: "http" },
    ]);
    // Started here: the targets name the site's port, known only once it listens.
    const listWorker = await startVerifiedListWorker({
      database,
      judge,
      queuePrefix: claimKeyPrefix("verified-list"),
      env: {
        VERIFIED_TARGETS: JSON.stringify([{ url: `${site.url}/page`, expect_text: TARGET_PAGE_TEXT }]),
        VERIFIED_LIVE_INTERVAL_SECONDS: "3600",
      },
    });
    try {
      const rows = await waitFor(async () => {
        const result = await database.pool.query<{
          port: number;
          alive: boolean;
          targets_ok: boolean | null;
        }>("SELECT port, alive, targets_ok FROM proxies ORDER BY port");
        return result.rows.every((row) => row.alive && row.targets_ok !== null) && result.rows;
      });
      expect(rows).toHaveLength(2);
      // Each live proxy was asked for the page once, after the judge.
      expect(site.requests("/page")).toBe(2);
    } finally {
      await listWorker.stop();
    }

    const account = await createTestAccount(database.prisma);
    const list = async (query: string) => {
      const response = await api.get(`/api/v1/api/proxies${query}`, account.key);
      const body = await jsonBody(response);
      expect(response.status, JSON.stringify(body)).toBe(200);
      return (body.items as ListItem[]).map((item): [string, boolean | null] => [
        item.proxy_norm,
        item.targets_ok,
      ]);
    };
    const honest = `127.0.0.1:${tinyproxy.port}`;
    const rewriting = `127.0.0.1:${rewriter.port}`;
    expect(new Map(await list(""))).toEqual(
      new Map([
        [honest, true],
        [rewriting, false],
      ]),
    );
    expect(await list("?targets_ok=true")).toEqual([[honest, true]]);
    expect(await list("?targets_ok=false")).toEqual([[rewriting, false]]);

    const refused = await api.get("/api/v1/api/proxies?targets_ok=yes", account.key);
    expect(refused.status).toBe(400);
    expect((await jsonBody(refused)).error).toBe("targets_ok must be true or false");

    const csv = await (await api.get("/api/v1/api/proxies/export?format=csv", account.key)).text();
    const [header = "", ...lines] = csv.trim().split("\n");
    const column = header.split(",").indexOf("targets_ok");
    expect(column).toBeGreaterThan(-1);
    const cells = new Map(lines.map((line) => [line.split(",")[0], line.split(",")[column]]));
    expect(cells.get(honest)).toBe("true");
    expect(cells.get(rewriting)).toBe("false");
  });
});
