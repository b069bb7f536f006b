import { gzipSync } from "node:zlib";
import { createTestAccount, test as sieveTest } from "@sieve/test-support";
import fc from "fast-check";
import { describe, expect } from "vitest";

const generous = Object.fromEntries(
  ["READ", "CHECK", "EXPORT"].flatMap((category) =>
    ["FREE", "PREMIUM"].map((tier) => [`RATE_LIMIT_API_${category}_${tier}`, "1000000"]),
  ),
);

const jobId = "3f1c2a9e-0000-4000-8000-000000000001";
const paths = [
  "/api/v1/api/proxies",
  "/api/v1/api/proxies/export",
  "/api/v1/api/premium/proxies",
  "/api/v1/api/check",
  `/api/v1/api/jobs/${jobId}`,
  `/api/v1/api/jobs/${jobId}/items`,
  `/api/v1/api/jobs/${jobId}/export`,
  "/api/v1/api/jobs/not-a-uuid",
  "/api/v1/api/admin/premium/proxies",
  "/admin/queues",
  "/healthz",
  "/api/v1/api/%zz",
];
const queryText = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc
    .dictionary(
      fc.constantFrom(
        "page",
        "limit",
        "protocol",
        "country",
        "format",
        "status",
        "min_uptime",
        "x",
        "page[]",
      ),
      fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant("")),
      { maxKeys: 4 },
    )
    .map((params) => new URLSearchParams(params).toString()),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text)),
  fc
    .record({
      proxies_text: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
      include_anonymity: fc.anything(),
    })
    .map((value) => Buffer.from(JSON.stringify(value))),
);
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"),
  path: fc.constantFrom(...paths),
  query: queryText,
  body,
  contentType: fc.constantFrom(
    undefined,
    "application/json",
    "text/plain",
    "text/plain; charset=latin1",
    "application/json; charset=utf-16",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ),
  contentEncoding: fc.constantFrom(undefined, "gzip", "deflate", "br", "zstd", "identity", "gzip, br"),
  gzipBody: fc.boolean(),
  auth: fc.constantFrom("admin", "none", "garbage", "unknown"),
});

const test = sieveTest.extend("admin", { scope: "file" }, ({ database }) =>
  createTestAccount(database.prisma, { role: "admin" }),
);
test.override("apiEnv", generous);

describe("random requests to every route", () => {
  test("never get a 5xx and never take the API down", async ({ api, admin }) => {
    const serverErrors: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.auth === "admin") headers.Authorization = `Bearer ${admin.key}`;
        if (r.auth === "garbage") headers.Authorization = "Bearer not-a-key";
        if (r.auth === "unknown") headers.Authorization = `Bearer pk_live_${"a".repeat(40)}`;
        if (r.contentType) headers["Content-Type"] = r.contentType;
        if (r.contentEncoding) headers["Content-Encoding"] = r.contentEncoding;
        const sendsBody = r.body !== undefined && r.method !== "GET" && r.method !== "HEAD";
        const payload = sendsBody && r.gzipBody ? gzipSync(r.body as Buffer) : r.body;
        const response = await fetch(`${api.url}${r.path}${r.query ? `?${r.query}` : ""}`, {
          method: r.method,
          headers,
          ...(sendsBody ? { body: payload } : {}),
        });
        const text = await response.text();
        if (response.status >= 500 && response.status !== 503) {
          serverErrors.push(`${r.method} ${r.path}?${r.query} → ${response.status} ${text.slice(0, 200)}`);
        }
        if (response.status >= 400 && r.method !== "HEAD") {
          expect(JSON.parse(text)).toEqual(expect.objectContaining({ error: expect.any(String) }));
        }
      }),
      { numRuns: 400, interruptAfterTimeLimit: 20_000 },
    );
    expect(serverErrors).toEqual([]);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
