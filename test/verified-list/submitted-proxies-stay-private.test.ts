import {
  createTestAccount,
  serviceFixture,
  test as sieveTest,
  startMicrosocks,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest.extend(
  "proxy",
  { scope: "file" },
  serviceFixture(() => startMicrosocks()),
);
test.override("apiEnv", {
  LIST_META_TTL_MS: "0",
  RATE_LIMIT_API_READ_FREE: "100000",
  CHECK_ALLOW_CIDRS: "127.0.0.0/8",
});
test.beforeAll(async ({ worker: _checkWorker, listWorker: _listWorker }) => {
  // Both workers run before the test, within this hook's timeout.
}, 60_000);

describe("proxies users submit for checking", { timeout: 60_000 }, () => {
  test("never enter the public list, even when live and while the list is being refreshed", async ({
    api,
    database,
    proxy,
    listWorker,
  }) => {
    const account = await createTestAccount(database.prisma);
    const submitted = await fetch(`${api.url}/api/v1/api/check`, {
      method: "POST",
      headers: { Authorization: `Bearer ${account.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ proxies_text: `127.0.0.1:${proxy.port}`, include_anonymity: true }),
    });
    expect(submitted.status).toBe(202);
    const { job_id: jobId } = (await submitted.json()) as { job_id: string };

    const items = await waitFor(async () => {
      const response = await api.get(`/api/v1/api/jobs/${jobId}/items`, account.key);
      const body = (await response.json()) as { items?: { status: string | null }[] };
      return body.items?.[0]?.status === "live" ? body.items : undefined;
    });
    expect(items).toHaveLength(1);
    // The list scheduler has run cycles meanwhile; it found nothing to take in.
    await waitFor(async () => {
      const { rows } = await database.pool.query(
        "SELECT refreshed_at FROM list_refresh WHERE pool = 'public'",
      );
      return rows[0]?.refreshed_at;
    });

    const { rows } = await database.pool.query("SELECT count(*)::int AS n FROM proxies");
    expect(rows[0].n).toBe(0);
    const list = (await (await api.get("/api/v1/api/proxies", account.key)).json()) as { total: number };
    expect(list.total).toBe(0);
    expect(listWorker.probes).toEqual([]);
  });
});
