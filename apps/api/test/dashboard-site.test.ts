import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPrivateDatabase,
  jsonBody,
  type PrivateDatabase,
  startTestApi,
  type TestApi,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: PrivateDatabase;
let dist: string;
let built: TestApi;
let unbuilt: TestApi;

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  database = await createPrivateDatabase();
  dist = await mkdtemp(join(tmpdir(), "sieve-dist-"));
  await mkdir(join(dist, "assets"));
  await writeFile(join(dist, "index.html"), INDEX);
  await writeFile(join(dist, "assets", "app-1a2b.js"), "console.log('dashboard');\n");
  built = await startTestApi(database, { DASHBOARD_DIST_DIR: dist });
  unbuilt = await startTestApi(database, { DASHBOARD_DIST_DIR: join(dist, "missing") });
});
afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await database?.drop();
  await rm(dist, { recursive: true, force: true });
});

describe("the built dashboard on the API's origin", () => {
  it("serves index.html at / and for the front end's routes, with a strict CSP", async () => {
    for (const path of [
      "/",
      "/login",
      "/signup",
      "/verify?token=abc",
      "/account/keys",
      "/docs",
      "/admin/accounts",
    ]) {
      const response = await built.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      expect(await response.text()).toBe(INDEX);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toMatch(/https:|http:/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("serves fingerprinted assets for a year and answers missing files with a 404", async () => {
    const asset = await built.get("/assets/app-1a2b.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const missing = await built.get("/assets/nothing.js");
    expect(missing.status).toBe(404);
    expect(await jsonBody(missing)).toEqual({ error: "no route for GET /assets/nothing.js" });
  });

  it("leaves the API's paths to the API", async () => {
    const api = await built.get("/api/v1/dashboard/nothing");
    expect(api.status).toBe(404);
    expect(await jsonBody(api)).toEqual({ error: "no route for GET /api/v1/dashboard/nothing" });
    expect(await jsonBody(await built.get("/healthz"))).toEqual({ status: "ok" });
    expect((await built.get("/admin/queues")).status).toBe(401);
  });

  it("answers a clear 503 when the dashboard is not built", async () => {
    const response = await unbuilt.get("/");
    expect(response.status).toBe(503);
    expect(await jsonBody(response)).toEqual({ error: "the dashboard is not built: run pnpm build" });
    expect((await unbuilt.get("/api/v1/api/proxies")).status).toBe(401);
  });
});
