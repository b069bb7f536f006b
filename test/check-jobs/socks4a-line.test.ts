import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { jsonBody } from "../support/json-body.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type Socks4aProxy, startSocks4aProxy } from "../support/socks4a-proxy.ts";
import { startTestWorker, type TestWorker } from "../support/worker-harness.ts";

let database: PrivateDatabase;
let api: TestApi;
let judge: RunningJudge;
let worker: TestWorker;
let owner: TestAccount;
let socks4a: Socks4aProxy;

beforeAll(async () => {
  database = await createPrivateDatabase();
  judge = await startJudge();
  socks4a = await startSocks4aProxy();
  api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });
  worker = await startTestWorker({ database, queuePrefix: api.queuePrefix, judge });
  owner = await createTestAccount(database.prisma);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await socks4a?.stop();
  await judge?.stop();
  await database?.drop();
});

describe("a socks4a:// line in a check job", () => {
  it("is probed with SOCKS4a, so a SOCKS4a-only proxy comes back live", async () => {
    const response = await fetch(`${api.url}/api/v1/api/check`, {
      method: "POST",
      headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "text/plain" },
      body: `socks4a://127.0.0.1:${socks4a.port}`,
    });
    expect(response.status).toBe(202);
    const { job_id: jobId } = await jsonBody(response);

    await expect
      .poll(async () => (await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, owner.key))).status, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe("completed");
    const items = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/items`, owner.key));

    expect(items.items).toEqual([
      expect.objectContaining({
        proxy_norm: `127.0.0.1:${socks4a.port}`,
        status: "live",
        protocol: "socks4",
      }),
    ]);
    expect(socks4a.requested).toHaveLength(1);
    const exported = await api.get(`/api/v1/api/jobs/${jobId}/export?format=txt`, owner.key);
    expect((await exported.text()).trim()).toBe(`socks4a://127.0.0.1:${socks4a.port}`);
  });
});
