import { createTestAccount, freePort, jsonBody, test as sieveTest } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit, waitForJob } from "./submit-check.ts";

/** Jobs of their own, each over a part of the proxy farm, a hanging proxy or a closed port. */
const test = sieveTest.extend("closedPort", { scope: "file" }, () => freePort());
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "3" });
test.override("proxyFarmOptions", {
  microsocks: { credentials: { username: "alice", password: "wonder land" } },
});

describe("a check job end to end", () => {
  test("says which submitted line and protocol each item answers, in the form submitted", async ({
    api,
    owner,
    proxyFarm,
    worker: _worker,
  }) => {
    const { squid, tinyproxy, dante, microsocks } = proxyFarm;
    const lines = [
      `127.0.0.1:${tinyproxy.port} # tinyproxy`,
      `127.0.0.1:${squid.port} US-H-S +`,
      `[::ffff:127.0.0.1]:${dante.port}`,
      `socks5://alice:wonder%20land@127.0.0.1:${microsocks.port}`,
    ];
    const response = await submit(api, owner.key, { proxies_text: lines.join("\n") });
    expect(response.status).toBe(202);
    const jobId = (await jsonBody(response)).job_id;
    await waitForJob(api, owner.key, jobId);
    const items = (await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/items`, owner.key))).items;
    expect(items).toMatchObject([
      {
        line: lines[0],
        requested_protocol: null,
        status: "live",
        protocols: expect.arrayContaining(["http"]),
      },
      {
        line: lines[1],
        requested_protocol: null,
        status: "live",
        protocols: expect.arrayContaining(["http"]),
      },
      {
        line: lines[2],
        proxy_norm: `[::ffff:7f00:1]:${dante.port}`,
        requested_protocol: null,
        protocols: expect.arrayContaining(["socks5"]),
      },
      {
        line: `socks5://alice:****@127.0.0.1:${microsocks.port}`,
        requested_protocol: "socks5",
        status: "live",
        protocols: ["socks5"],
      },
    ]);
    const exported = JSON.parse(
      await (await api.get(`/api/v1/api/jobs/${jobId}/export?format=json`, owner.key)).text(),
    );
    expect(exported.map((item: { proxy: string }) => item.proxy)).toEqual([
      `127.0.0.1:${tinyproxy.port}`,
      `127.0.0.1:${squid.port}`,
      `[::ffff:127.0.0.1]:${dante.port}`,
      lines[3],
    ]);
    expect(exported[3]).toMatchObject({ line: items[3].line, requested_protocol: "socks5" });
  });

  test("accepts a text/plain body as the list itself", async ({
    api,
    owner,
    closedPort,
    worker: _worker,
  }) => {
    const response = await submit(api, owner.key, `127.0.0.1:${closedPort}\n`, "text/plain");
    expect(response.status).toBe(202);
    const job = await waitForJob(api, owner.key, (await jsonBody(response)).job_id);
    expect(job).toMatchObject({ total: 1, done: 1 });
  });

  test("completes at once when every target is guarded", async ({ api, owner }) => {
    const response = await submit(api, owner.key, { proxies_text: "192.168.1.1:80\n100.64.0.1:80" });
    expect(await jsonBody(response)).toMatchObject({ status: "completed", total: 2, blocked: 2 });
  });

  test("never shows one account's job to another", async ({ api, database, owner, closedPort }) => {
    const submitted = await jsonBody(
      await submit(api, owner.key, { proxies_text: `127.0.0.1:${closedPort}` }),
    );
    const stranger = await createTestAccount(database.prisma);
    for (const path of ["", "/items", "/export", "/export?format=json"]) {
      const response = await api.get(`/api/v1/api/jobs/${submitted.job_id}${path}`, stranger.key);
      expect(response.status).toBe(404);
      expect(await jsonBody(response)).toEqual({ code: "not_found", error: "job not found" });
    }
    const cancel = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${stranger.key}` },
    });
    expect(cancel.status).toBe(404);
    expect(await jsonBody(cancel)).toEqual({ error: "job not found", code: "not_found" });
    const job = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
    expect(job.status).not.toBe("cancelled");
    expect((await api.get("/api/v1/api/jobs/not-a-uuid", owner.key)).status).toBe(404);
  });

  test("cancels a job its owner no longer wants", async ({ api, owner, hanging }) => {
    const lines = Array.from({ length: 30 }, (_, i) => `127.0.0.1:${hanging.port}:user${i}:pass`);
    const submitted = await jsonBody(await submit(api, owner.key, { proxies_text: lines.join("\n") }));
    const response = await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect(await jsonBody(response)).toEqual({ job_id: submitted.job_id, status: "cancelled" });
    const job = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
    expect(job).toMatchObject({ status: "cancelled", finished_at: expect.any(String) });
  });
});
