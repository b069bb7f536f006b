import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, createSourceRepository, gatherSource, type SourceFetchOptions } from "@sieve/core";
import { type PrivateDatabase, serviceFixture, test as sieveTest } from "@sieve/test-support";
import { describe, expect } from "vitest";

const logger = createLogger({ service: "worker", silent: true });
const fetchOptions: SourceFetchOptions = {
  timeoutMs: 2_000,
  maxBytes: 1024 * 1024,
  allows: (address) => address.startsWith("127.") || /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(address),
};
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/sources/${name}`, import.meta.url), "utf8");

/** A list server whose answer at each path the test sets. */
async function startListServer() {
  const bodies = new Map<string, string>();
  const server = createServer((req, res) => res.end(bodies.get(req.url ?? "") ?? ""));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    serve: (path: string, body: string) => bodies.set(path, body),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const test = sieveTest
  .extend("lists", { scope: "file" }, serviceFixture(startListServer))
  .extend("sources", { scope: "file" }, ({ database }) => createSourceRepository({ pool: database.pool }));

async function gatherAll(database: PrivateDatabase, ids: string[]) {
  const sources = createSourceRepository({ pool: database.pool });
  const outcomes = [];
  for (const id of ids) {
    outcomes.push(await gatherSource({ pool: database.pool, sources, fetch: fetchOptions, logger }, id));
  }
  return outcomes;
}

describe("per-source figures", { timeout: 30_000 }, () => {
  test("credits every source that lists a proxy, and counts candidates, new, live and alive over 24 h", async ({
    database,
    lists,
    sources,
  }) => {
    lists.serve("/geonode.json", fixture("geonode.json"));
    lists.serve("/shared.txt", "192.0.2.70:8080\n192.0.2.200:3128\n");
    const geonode = await sources.add({ location: lists.url("/geonode.json"), intervalMinutes: 60 });
    const shared = await sources.add({ location: lists.url("/shared.txt"), intervalMinutes: 60 });
    await gatherAll(database, [geonode.id, shared.id]);

    // Geonode's 192.0.2.70 is live (http) and dead (https); the shared list's other entry is dead
    // since yesterday, and 198.51.100.71 was never checked.
    await database.pool.query(
      `UPDATE proxies SET alive = (protocol = 'http'), checked_at = now(),
              last_success_at = CASE WHEN protocol = 'http' THEN now() END
       WHERE host = '192.0.2.70'`,
    );
    await database.pool.query(
      `UPDATE proxies SET checked_at = now(), last_success_at = now() - interval '30 hours'
       WHERE host = '192.0.2.200'`,
    );
    const figures = Object.fromEntries((await sources.list()).map((source) => [source.id, source]));
    expect(figures[geonode.id]).toMatchObject({
      candidates: 3,
      newCandidates: 3,
      listed: 3,
      live: 1,
      aliveFraction24h: 0.5,
      lastError: null,
    });
    // 192.0.2.70:8080 named without a protocol stands for both of its rows, and credits the
    // shared list with them although Geonode added them.
    expect(figures[shared.id]).toMatchObject({
      candidates: 2,
      newCandidates: 1,
      listed: 3,
      live: 1,
      aliveFraction24h: 0.3333,
    });
    const { rows } = await database.pool.query<{ sources: number }>(
      `SELECT count(*)::int AS sources FROM proxy_source_listings l JOIN proxies p ON p.id = l.proxy_id
       WHERE p.host = '192.0.2.70' AND p.protocol = 'http'`,
    );
    expect(rows[0]?.sources).toBe(2);
  });

  test("records a junk body as a fetch error and keeps every proxy and figure the source gave", async ({
    database,
    lists,
    sources,
  }) => {
    lists.serve("/flaky.txt", fixture("plain.txt"));
    const flaky = await sources.add({ location: lists.url("/flaky.txt"), intervalMinutes: 60 });
    expect(await gatherAll(database, [flaky.id])).toEqual([{ ok: true, candidates: 3, added: 3 }]);
    const count = async () =>
      (
        await database.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM proxy_source_listings WHERE source_id = $1",
          [flaky.id],
        )
      ).rows[0]?.n;
    expect(await count()).toBe(3);

    for (const junk of ["junk-notfound.txt", "junk-array.txt", "junk-empty.txt", "junk-error.html"]) {
      lists.serve("/flaky.txt", fixture(junk));
      const [outcome] = await gatherAll(database, [flaky.id]);
      expect(outcome).toMatchObject({ ok: false });
      const after = (await sources.list()).find((source) => source.id === flaky.id);
      expect(after).toMatchObject({
        candidates: 3,
        newCandidates: 3,
        listed: 3,
        lastError: expect.any(String),
      });
      expect(await count()).toBe(3);
    }
    const { rows } = await database.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM proxies WHERE host IN ('192.0.2.1', '192.0.2.2', '198.51.100.3')",
    );
    expect(rows[0]?.n).toBe(3);
  });
});

describe("source intervals", { timeout: 30_000 }, () => {
  test("takes a source of interval 1 a minute after its fetch was queued, however long the fetch took", async ({
    database,
    sources,
  }) => {
    const source = await sources.add({
      location: "https://lists.example.test/every-minute.txt",
      intervalMinutes: 1,
    });
    const claimed = async () => (await sources.claimDue(30)).some((row) => row.id === source.id);
    expect(await claimed()).toBe(true);
    // Taken once: a second tick at the same moment finds nothing due.
    expect(await claimed()).toBe(false);

    // The fetch queued 59.5 s ago ended 50 s ago; the tick now (ticks every 60 s) must take it,
    // not wait for the next one two minutes after the last fetch.
    await database.pool.query(
      `UPDATE proxy_sources SET scheduled_at = now() - interval '59.5 seconds',
              last_fetched_at = now() - interval '50 seconds' WHERE id = $1`,
      [source.id],
    );
    expect(await claimed()).toBe(true);
    // 20 s after queueing, the next tick (in 60 s) is nearer the due time than this one.
    await database.pool.query(
      "UPDATE proxy_sources SET scheduled_at = now() - interval '20 seconds' WHERE id = $1",
      [source.id],
    );
    expect(await claimed()).toBe(false);
    await sources.remove(source.id);
  });
});
