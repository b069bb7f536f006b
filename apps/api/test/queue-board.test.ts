import { queueNames } from "@sieve/core";
import { createTestAccount, jsonBody, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`admin:${key}`).toString("base64")}` });

describe("Bull Board at /admin/queues", () => {
  test("asks a browser to sign in", async ({ api }) => {
    const response = await api.get("/admin/queues");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="Sieve"/);
    expect(await jsonBody(response)).toEqual({
      code: "unauthenticated",
      error: expect.stringMatching(/missing API key/),
    });
  });

  test("shows every queue to an admin signed in with the key as password", async ({ api, database }) => {
    const admin = await createTestAccount(database.prisma, { role: "admin" });
    const page = await api.get("/admin/queues", undefined, basic(admin.key));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sieve queues");

    const queues = await jsonBody(await api.get("/admin/queues/api/queues", admin.key));
    expect(queues.queues.map((queue: { name: string }) => queue.name).sort()).toEqual([...queueNames].sort());
    expect(queueNames).toContain("check");
  });

  test("is read-only, in English, loads nothing from other hosts, and spends no API quota", async ({
    api,
    database,
  }) => {
    const admin = await createTestAccount(database.prisma, { role: "admin" });
    const html = await (await api.get("/admin/queues", undefined, basic(admin.key))).text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('"lng":"en-US"');
    for (let i = 0; i < 70; i++) {
      const queues = await api.get("/admin/queues/api/queues", admin.key);
      expect(queues.status).toBe(200);
      if (i === 0) {
        const body = await jsonBody(queues);
        expect(body.queues.every((queue: { readOnlyMode: boolean }) => queue.readOnlyMode)).toBe(true);
      } else await queues.arrayBuffer();
    }
    const read = await api.get("/api/v1/api/proxies", admin.key);
    expect(read.headers.get("ratelimit")).toMatch(/^"api_read";r=59;t=\d+$/);
  });

  test("refuses accounts that are not admins", async ({ api, database }) => {
    const user = await createTestAccount(database.prisma);
    const response = await api.get("/admin/queues", undefined, basic(user.key));
    expect(response.status).toBe(403);
    expect(await jsonBody(response)).toEqual({
      code: "forbidden",
      error: "your role lacks the admin.queues.read permission",
    });
  });

  test("refuses a wrong password", async ({ api }) => {
    const response = await api.get("/admin/queues", undefined, basic("pk_live_nope"));
    expect(response.status).toBe(401);
  });
});
