import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../../../test/support/accounts.ts";
import { startTestApi, type TestApi } from "../../../test/support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../../../test/support/databases.ts";

let database: PrivateDatabase;
let api: TestApi;
let account: TestAccount;

const ROWS = 200_000;

beforeAll(async () => {
  database = await createPrivateDatabase();
  api = await startTestApi(database, { RATE_LIMIT_API_EXPORT_FREE: "1000" });
  account = await createTestAccount(database.prisma);
  // Far more than socket buffers hold, so the copy is still running when the reader leaves.
  await database.pool.query(
    `INSERT INTO proxies (host, port, protocol, alive, checked_at)
     SELECT '10.' || (i >> 16) || '.' || ((i >> 8) & 255) || '.' || (i & 255), 8080, 'http', true, now()
       FROM generate_series(1, $1::int) AS i`,
    [ROWS],
  );
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

async function runningCopies(): Promise<number> {
  const result = await database.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
  );
  return result.rows[0]!.n;
}

it("stops the database copy when a CSV download is abandoned, and serves the next one", async () => {
  const abort = new AbortController();
  const response = await fetch(`${api.url}/api/v1/api/proxies/export?format=csv`, {
    headers: { Authorization: `Bearer ${account.key}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  abort.abort();

  const deadline = Date.now() + 5000;
  while ((await runningCopies()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await runningCopies()).toBe(0);

  const next = await api.get("/api/v1/api/proxies/export?format=txt", account.key);
  expect((await next.text()).split("\n")).toHaveLength(ROWS + 1);
});
