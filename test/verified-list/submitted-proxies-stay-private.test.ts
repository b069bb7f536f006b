import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type RunningProxy, startMicrosocks } from "../support/proxy-servers.ts";
import {
  eventually,
  removeQueueKeys,
  startVerifiedListWorker,
  type TestVerifiedListWorker,
} from "../support/verified-list-worker.ts";
import { startTestWorker, type TestWorker } from "../support/worker-harness.ts";

let database: PrivateDatabase;
let judge: RunningJudge;
let api: TestApi;
let proxy: RunningProxy;
let checkWorker: TestWorker;
let listWorker: TestVerifiedListWorker;
const listPrefix = `test-vl-${randomBytes(6).toString("hex")}`;

beforeAll(async () => {
  [database, judge, proxy] = await Promise.all([createPrivateDatabase(), startJudge(), startMicrosocks()]);
  api = await startTestApi(database, {
    LIST_META_TTL_MS: "0",
    RATE_LIMIT_API_READ_FREE: "100000",
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
  });
  checkWorker = await startTestWorker({ database, queuePrefix: api.queuePrefix, judge });
  listWorker = await startVerifiedListWorker({ database, judge, queuePrefix: listPrefix });
}, 60_000);

afterAll(async () => {
  await checkWorker?.stop();
  await listWorker?.stop();
  await removeQueueKeys(listPrefix);
  await removeQueueKeys(api.queuePrefix);
  await api?.close();
  await proxy?.stop();
  await judge?.stop();
  await database?.drop();
});

describe("proxies users submit for checking", { timeout: 60_000 }, () => {
  it("never enter the public list, even when live and while the list is being refreshed", async () => {
    const account = await createTestAccount(database.prisma);
    const submitted = await fetch(`${api.url}/api/v1/api/check`, {
      method: "POST",
      headers: { Authorization: `Bearer ${account.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ proxies_text: `127.0.0.1:${proxy.port}`, include_anonymity: true }),
    });
    expect(submitted.status).toBe(202);
    const { job_id: jobId } = (await submitted.json()) as { job_id: string };

    const items = await eventually(async () => {
      const response = await api.get(`/api/v1/api/jobs/${jobId}/items`, account.key);
      const body = (await response.json()) as { items?: { status: string | null }[] };
      return body.items?.[0]?.status === "live" ? body.items : undefined;
    });
    expect(items).toHaveLength(1);
    // The list scheduler has run cycles meanwhile; it found nothing to take in.
    await eventually(async () => {
      const { rows } = await database.pool.query(
        "SELECT refreshed_at FROM list_refresh WHERE pool = 'public'",
      );
      return rows[0]?.refreshed_at ? true : undefined;
    });

    const { rows } = await database.pool.query("SELECT count(*)::int AS n FROM proxies");
    expect(rows[0].n).toBe(0);
    const list = (await (await api.get("/api/v1/api/proxies", account.key)).json()) as { total: number };
    expect(list.total).toBe(0);
    expect(listWorker.probes).toEqual([]);
  });
});
