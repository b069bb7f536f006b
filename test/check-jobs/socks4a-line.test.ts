import { jsonBody, serviceFixture, test as sieveTest, startSocks4aProxy, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest.extend("socks4a", { scope: "file" }, serviceFixture(startSocks4aProxy));
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

describe("a socks4a:// line in a check job", () => {
  test("is probed with SOCKS4a, so a SOCKS4a-only proxy comes back live", async ({
    api,
    owner,
    socks4a,
    worker: _worker,
  }) => {
    const response = await fetch(`${api.url}/api/v1/api/check`, {
      method: "POST",
      headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "text/plain" },
      body: `socks4a://127.0.0.1:${socks4a.port}`,
    });
    expect(response.status).toBe(202);
    const { job_id: jobId } = await jsonBody(response);

    await waitFor(
      async () =>
        (await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, owner.key))).status === "completed",
      { timeout: 30_000, interval: 200 },
    );
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
