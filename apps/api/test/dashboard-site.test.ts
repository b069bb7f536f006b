import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonBody, test as sieveTest, startTestApi, type TestApi } from "@sieve/test-support";
import { describe, expect } from "vitest";

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

const test = sieveTest
  .extend(
    "dist",
    { scope: "file" },
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
    async ({}, { onCleanup }): Promise<string> => {
      const dist = await mkdtemp(join(tmpdir(), "sieve-dist-"));
      onCleanup(() => rm(dist, { recursive: true, force: true }));
      await mkdir(join(dist, "assets"));
      await writeFile(join(dist, "index.html"), INDEX);
      await writeFile(join(dist, "assets", "app-1a2b.js"), "console.log('dashboard');\n");
      return dist;
    },
  )
  .extend("built", { scope: "file" }, async ({ database, dist }, { onCleanup }): Promise<TestApi> => {
    const built = await startTestApi(database, { DASHBOARD_DIST_DIR: dist });
    onCleanup(() => built.close());
    return built;
  })
  .extend("unbuilt", { scope: "file" }, async ({ database, dist }, { onCleanup }): Promise<TestApi> => {
    const unbuilt = await startTestApi(database, { DASHBOARD_DIST_DIR: join(dist, "missing") });
    onCleanup(() => unbuilt.close());
    return unbuilt;
  });

/** The API's own 404 for a GET of `path`, which neither the dashboard nor a route serves. */
async function expectNoRoute(site: TestApi, path: string): Promise<void> {
  const response = await site.get(path);
  expect(response.status).toBe(404);
  expect(await jsonBody(response)).toEqual({ code: "not_found", error: `no route for GET ${path}` });
}

describe("the built dashboard on the API's origin", () => {
  test("serves index.html at / and for the front end's routes, with a strict CSP", async ({ built }) => {
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

  test("serves fingerprinted assets for a year and answers missing files with a 404", async ({ built }) => {
    const asset = await built.get("/assets/app-1a2b.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await expectNoRoute(built, "/assets/nothing.js");
  });

  test("leaves the API's paths to the API", async ({ built }) => {
    await expectNoRoute(built, "/api/v1/dashboard/nothing");
    expect(await jsonBody(await built.get("/healthz"))).toEqual({ status: "ok" });
    expect((await built.get("/admin/queues")).status).toBe(401);
  });

  test("answers a clear 503 when the dashboard is not built", async ({ unbuilt }) => {
    const response = await unbuilt.get("/");
    expect(response.status).toBe(503);
    expect(await jsonBody(response)).toEqual({
      code: "unavailable",
      error: "the dashboard is not built: run pnpm build",
    });
    expect((await unbuilt.get("/api/v1/api/proxies")).status).toBe(401);
  });
});
