import { type PrivateDatabase, test, waitFor } from "@sieve/test-support";
import { expect } from "vitest";

const ROWS = 200_000;

test.override("apiEnv", { RATE_LIMIT_API_EXPORT_FREE: "1000" });
test.beforeAll(async ({ database }) => {
  // Far more than socket buffers hold, so the copy is still running when the reader leaves.
  await database.pool.query(
    `INSERT INTO proxies (host, port, protocol, alive, checked_at)
     SELECT '10.' || (i >> 16) || '.' || ((i >> 8) & 255) || '.' || (i & 255), 8080, 'http', true, now()
       FROM generate_series(1, $1::int) AS i`,
    [ROWS],
  );
});

async function runningCopies(database: PrivateDatabase): Promise<number> {
  const result = await database.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
  );
  return result.rows[0]!.n;
}

test("stops the database copy when a CSV download is abandoned, and serves the next one", async ({
  api,
  database,
  owner,
}) => {
  const abort = new AbortController();
  const response = await fetch(`${api.url}/api/v1/api/proxies/export?format=csv`, {
    headers: { Authorization: `Bearer ${owner.key}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  abort.abort();

  await waitFor(async () => (await runningCopies(database)) === 0, { timeout: 5000, interval: 50 });
  expect(await runningCopies(database)).toBe(0);

  const next = await api.get("/api/v1/api/proxies/export?format=txt", owner.key);
  expect((await next.text()).split("\n")).toHaveLength(ROWS + 1);
});
