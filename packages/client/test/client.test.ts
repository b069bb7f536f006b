import { readFileSync } from "node:fs";
import { buildOpenApiDocument } from "@sieve/api/src/openapi/build-document.ts";
import { insertProxies, serveHttpOnLoopback, test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { createSieveClient, retryAfterMs, SieveApiError } from "../src/index.ts";

test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

describe("the typed client against the running API", () => {
  test("reads the account, submits a list, follows the job to its end and reads its results", async ({
    api,
    owner,
  }) => {
    const client = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: owner.key });
    const account = await client.account();
    expect(account).toMatchObject({ account_id: owner.accountId, tier: "free" });
    expect(account.rate_limits.map((row) => row.category)).toEqual(["api_read", "api_check", "api_export"]);

    // Documentation addresses: the guard answers them blocked without dialling, so no worker is needed.
    const submitted = await client.submitCheck("192.0.2.7:8080\n198.51.100.9:1080\n192.0.2.7:8080");
    expect(submitted).toMatchObject({ total: 2, duplicate_lines: 1, blocked: 2 });
    const seen: number[] = [];
    const finished = await client.waitForJob(submitted.job_id, {
      intervalMs: 50,
      onProgress: (job) => seen.push(job.done),
    });
    expect(finished).toMatchObject({ status: "completed", done: 2, counts: { blocked: 2 } });
    expect(seen.at(-1)).toBe(2);

    const items = await client.jobItems(submitted.job_id, { limit: 10 });
    expect(items.items.map((item) => [item.proxy_norm, item.status])).toEqual([
      ["192.0.2.7:8080", "blocked"],
      ["198.51.100.9:1080", "blocked"],
    ]);
    const csv = await client.exportJob(submitted.job_id, { format: "csv" });
    const direct = await api.get(`/api/v1/api/jobs/${submitted.job_id}/export?format=csv`, owner.key);
    expect(csv).toBe(await direct.text());
    // Nothing live, so the txt export is an empty body: an empty string, not an error.
    expect(await client.exportJob(submitted.job_id, { format: "txt" })).toBe("");
    const listed = await client.jobs({ status: "completed" });
    expect(listed.items.map((job) => job.job_id)).toContain(submitted.job_id);
  });

  test("iterates the verified list across pages and throws the API's errors with their codes", async ({
    api,
    owner,
    database,
  }) => {
    await insertProxies(
      database.pool,
      ["192.0.2.21", "192.0.2.22", "192.0.2.23", "192.0.2.24", "192.0.2.25"].map((host) => ({
        host,
        port: 3128,
      })),
    );
    const client = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: owner.key });
    const hosts: string[] = [];
    for await (const proxy of client.iterateProxies({ limit: 2 })) hosts.push(proxy.proxy_norm);
    expect(hosts).toEqual(expect.arrayContaining(["192.0.2.21:3128", "192.0.2.25:3128"]));
    expect(new Set(hosts).size).toBe(hosts.length);
    expect((await client.exportProxies({ format: "txt" })).trim().split("\n").sort()).toEqual(
      [...hosts].sort(),
    );

    const missing = await client.job("00000000-0000-4000-8000-000000000000").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(SieveApiError);
    expect(missing).toMatchObject({ status: 404, code: "not_found", message: "job not found" });
    const refused = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: "pk_live_nothing" });
    await expect(refused.account()).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
  });

  test("was generated from the current document: every operation has its type", () => {
    const types = readFileSync(new URL("../src/generated/api-types.ts", import.meta.url), "utf8");
    const document = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations))
        expect(types).toContain(`${operation.operationId}: {`);
    }
  });
});

describe("retries", () => {
  /** A loopback server that answers with `answers` in turn, then 200. */
  async function scripted(answers: { status: number; retryAfter?: string }[]) {
    let calls = 0;
    const bodies: string[] = [];
    const server = await serveHttpOnLoopback((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        bodies.push(body);
        const answer = answers[calls++];
        if (answer) {
          res.writeHead(answer.status, {
            "Content-Type": "application/json",
            ...(answer.retryAfter ? { "Retry-After": answer.retryAfter } : {}),
          });
          res.end(
            JSON.stringify({ error: "later", code: answer.status === 429 ? "rate_limited" : "unavailable" }),
          );
          return;
        }
        res.writeHead(202, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ job_id: "x", status: "queued", total: 1 }));
      });
    });
    return { url: server.url, calls: () => calls, bodies, close: server.close };
  }

  test("waits out Retry-After on 429 and 503, sending the same body again", async () => {
    const server = await scripted([
      { status: 429, retryAfter: "1" },
      { status: 503, retryAfter: "2" },
    ]);
    const waits: number[] = [];
    try {
      const client = createSieveClient({
        baseUrl: server.url,
        apiKey: "pk_live_x",
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      const submitted = await client.submitCheck("192.0.2.1:80");
      expect(submitted.job_id).toBe("x");
      expect(waits).toEqual([1000, 2000]);
      expect(server.calls()).toBe(3);
      expect(new Set(server.bodies)).toEqual(
        new Set(['{"proxies_text":"192.0.2.1:80","include_anonymity":false}']),
      );
    } finally {
      await server.close();
    }
  });

  test("backs off exponentially without Retry-After, and gives the answer back past the retries or the longest wait", async () => {
    const noHeader = await scripted([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const waits: number[] = [];
    try {
      const client = createSieveClient({
        baseUrl: noHeader.url,
        apiKey: "pk_live_x",
        retries: 2,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      await expect(client.submitCheck("192.0.2.1:80")).rejects.toMatchObject({
        status: 503,
        code: "unavailable",
      });
      expect(waits).toEqual([500, 1000]);
      expect(noHeader.calls()).toBe(3);
    } finally {
      await noHeader.close();
    }

    const tooLong = await scripted([{ status: 429, retryAfter: "3600" }]);
    try {
      const client = createSieveClient({ baseUrl: tooLong.url, apiKey: "pk_live_x", sleep: async () => {} });
      await expect(client.submitCheck("192.0.2.1:80")).rejects.toMatchObject({
        status: 429,
        code: "rate_limited",
      });
      expect(tooLong.calls()).toBe(1);
    } finally {
      await tooLong.close();
    }
  });

  test("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-06-10T08:00:00Z");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Wed, 10 Jun 2026 08:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });
});

/** The SSE body of one event, as the API writes it. */
