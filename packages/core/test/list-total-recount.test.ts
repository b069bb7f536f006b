import { insertProxies, test } from "@sieve/test-support";
import pg from "pg";
import { describe, expect, vi } from "vitest";
import { ProxyListFilters } from "../src/proxies/list-filters.ts";
import { createProxyListReader } from "../src/proxies/proxy-list-reader.ts";

// One item a page, so the page's own rows cannot raise the total: only a recount can.
const firstPage = { page: 1, limit: 1 };

describe("the list's total", () => {
  test("is recounted in the background once expired, on a connection given back as it was", async ({
    database,
  }) => {
    // One connection, so the recount's and every later query's are the same.
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const reader = createProxyListReader({ pool, exportPool: pool, metaTtlMs: 50 });
      const filters = ProxyListFilters.parse({});
      await insertProxies(pool, [{ host: "198.51.100.1", port: 8080 }]);
      expect((await reader.page("public", filters, firstPage)).total).toBe(1);

      await insertProxies(pool, [
        { host: "198.51.100.2", port: 8080 },
        { host: "198.51.100.3", port: 8080 },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      // Expired: served as counted while the recount runs, which nobody waits for.
      expect((await reader.page("public", filters, firstPage)).total).toBe(1);
      await vi.waitFor(async () => {
        expect((await reader.page("public", filters, firstPage)).total).toBe(3);
      });
      // The recount turned parallel workers off for itself only.
      const setting = await pool.query<{ value: string }>(
        "SELECT current_setting('max_parallel_workers_per_gather') AS value",
      );
      expect(setting.rows[0]!.value).not.toBe("0");
    } finally {
      await pool.end();
    }
  });
});
