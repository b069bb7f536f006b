import { connect, type Socket } from "node:net";
import {
  createPrivateDatabase,
  createTestAccount,
  type PrivateDatabase,
  startTestApi,
  type TestAccount,
  type TestApi,
  waitFor,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: PrivateDatabase;
let api: TestApi;
let first: TestAccount;
let second: TestAccount;
let reader: TestAccount;

// Far more than the socket buffers of both ends hold, so a reader that never reads stalls the copy.
const ROWS = 300_000;
const STALL_MS = 8_000;

beforeAll(async () => {
  database = await createPrivateDatabase({ poolMax: 3, exportPoolMax: 2, acquireTimeoutMs: 1_000 });
  api = await startTestApi(database, {
    RATE_LIMIT_API_EXPORT_FREE: "1000",
    RATE_LIMIT_API_READ_FREE: "1000",
    EXPORT_MAX_RUNNING: "2",
    EXPORT_MAX_PER_ACCOUNT: "2",
    EXPORT_STALL_MS: String(STALL_MS),
  });
  first = await createTestAccount(database.prisma);
  second = await createTestAccount(database.prisma);
  reader = await createTestAccount(database.prisma);
  await database.pool.query(
    `INSERT INTO proxies (host, port, protocol, alive, checked_at)
     SELECT '10.' || (i >> 16) || '.' || ((i >> 8) & 255) || '.' || (i & 255), 8080, 'http', true, now()
       FROM generate_series(1, $1::int) AS i`,
    [ROWS],
  );
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

/** Starts an export and never reads past its status line: the client a stalled download is. */
function stalledExport(key: string): Promise<{ socket: Socket; status: number }> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: Number(port) });
    socket.once("error", () => {});
    socket.once("data", (data) => {
      socket.pause();
      resolve({ socket, status: Number(data.toString("latin1").split(" ")[1]) });
    });
    socket.once("connect", () =>
      socket.write(
        `GET /api/v1/api/proxies/export?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      ),
    );
    setTimeout(() => reject(new Error("no answer to the export")), 10_000).unref();
  });
}

async function runningCopies(): Promise<number> {
  const result = await database.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
  );
  return result.rows[0]!.n;
}

async function timedPage(key: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await api.get("/api/v1/api/proxies?limit=1", key);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe("stalled exports", () => {
  it("never hold up other requests, are capped per account and per process, and are ended", async () => {
    const stalled = await Promise.all([stalledExport(first.key), stalledExport(first.key)]);
    expect(stalled.map((export_) => export_.status)).toEqual([200, 200]);

    const thirdOfAccount = await api.get("/api/v1/api/proxies/export?format=csv", first.key);
    expect(thirdOfAccount.status).toBe(429);
    expect(thirdOfAccount.headers.get("retry-after")).toBe("5");
    expect(await thirdOfAccount.json()).toMatchObject({
      error: "at most 2 exports of one account run at once",
    });
    const beyondProcess = await api.get("/api/v1/api/proxies/export?format=csv", second.key);
    expect(beyondProcess.status).toBe(429);
    expect(await beyondProcess.json()).toMatchObject({
      error: "too many exports are running; retry shortly",
    });

    const pages = [];
    for (let i = 0; i < 10; i++) pages.push(await timedPage(reader.key));
    expect(pages.map((page) => page.status)).toEqual(Array(10).fill(200));
    expect(Math.max(...pages.map((page) => page.ms))).toBeLessThan(1_000);

    // Past the stall time the server ends both downloads and gives their connections back.
    await waitFor(async () => (await runningCopies()) === 0, { timeout: STALL_MS + 10_000, interval: 200 });
    for (const export_ of stalled) export_.socket.destroy();
    const next = await api.get("/api/v1/api/proxies/export?format=txt", second.key);
    expect(next.status).toBe(200);
    expect((await next.text()).split("\n")).toHaveLength(ROWS + 1);
  }, 60_000);
});
