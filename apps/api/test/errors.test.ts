import { createDatabase, issueApiKey } from "@sieve/core";
import {
  createPrivateDatabase,
  freePort,
  jsonBody,
  startTestApi,
  type TestAccount,
  type TestApi,
  test,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const post = (
  { api, owner }: { api: TestApi; owner: TestAccount },
  path: string,
  body: string,
  contentType = "application/json",
) =>
  fetch(api.url + path, {
    method: "POST",
    headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": contentType },
    body,
  });

/** The documented 503 of a database the API cannot use: clients retry after two seconds. */
async function expectDatabaseUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("2");
  expect(await jsonBody(response)).toEqual({
    code: "unavailable",
    error: "the database is unavailable; retry shortly",
  });
}

describe("error responses", () => {
  test("answers unknown routes with a JSON 404", async ({ api, owner }) => {
    const response = await api.get("/api/v1/api/nothing-here", owner.key);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await jsonBody(response)).toEqual({
      code: "not_found",
      error: "no route for GET /api/v1/api/nothing-here",
    });
  });

  test("answers malformed JSON with a 400", async ({ api, owner }) => {
    const response = await post({ api, owner }, "/api/v1/api/check", '{"proxies_text": ');
    expect(response.status).toBe(400);
    expect(await jsonBody(response)).toEqual({
      code: "invalid_request",
      error: "request body is not valid JSON",
    });
  });

  test("answers bodies over 2 MB with a 413", async ({ api, owner }) => {
    const body = JSON.stringify({ proxies_text: "1.2.3.4:8080\n".repeat(170_000) });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const response = await post({ api, owner }, "/api/v1/api/check", body);
    expect(response.status).toBe(413);
    expect(await jsonBody(response)).toEqual({
      code: "payload_too_large",
      error: "request body is larger than the 2 MB limit",
    });
  });

  test("echoes a sane X-Request-Id and makes one up otherwise", async ({ api, owner }) => {
    const echoed = await api.get("/api/v1/api/proxies", owner.key, { "X-Request-Id": "trace-42" });
    expect(echoed.headers.get("x-request-id")).toBe("trace-42");
    const invented = await api.get("/api/v1/api/proxies", owner.key, {
      "X-Request-Id": "bad id with spaces",
    });
    expect(invented.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("answers 503 with Retry-After when no database connection frees up in time", async () => {
    const small = await createPrivateDatabase({ poolMax: 1, acquireTimeoutMs: 300 });
    const busy = await startTestApi(small);
    const holder = await small.pool.connect();
    try {
      await expectDatabaseUnavailable(await busy.get("/api/v1/api/proxies", issueApiKey().key));
    } finally {
      holder.release();
      await busy.close();
      await small.drop();
    }
  });

  test("logs each request with its id", async ({ api, owner }) => {
    await api.get("/api/v1/api/proxies", owner.key, { "X-Request-Id": "logged-request" });
    await waitFor(() => api.logs.some((line) => line.includes('"requestId":"logged-request"')));
  });

  test("answers 503 while PostgreSQL is unreachable, so clients retry", async () => {
    const unreachable = createDatabase({ url: `postgresql://postgres@127.0.0.1:${await freePort()}/sieve` });
    const cut = await startTestApi(unreachable);
    try {
      await expectDatabaseUnavailable(await cut.get("/api/v1/api/proxies", issueApiKey().key));
    } finally {
      await cut.close();
      await unreachable.close();
    }
  });
});
