import { jsonBody, TARGET_PAGE_TEXT } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { checkedItems, type Item, itemOf, test } from "./target-check-support.ts";

describe("target checks", { timeout: 60_000 }, () => {
  test("requests each target through a live proxy: the expected page passes, a 302 is not followed, a page past the byte cap fails", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    closedPort,
    worker: _,
  }) => {
    const { tinyproxy, microsocks } = proxyFarm;
    const { jobId, items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [
        `http://127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${microsocks.port}`,
        `127.0.0.1:${closedPort}`,
      ],
      [
        { url: `${site.url}/page`, expect_status: 200, expect_text: TARGET_PAGE_TEXT },
        { url: `${site.url}/moved` },
        { url: `${site.url}/large`, expect_text: "not in there" },
      ],
    );
    for (const port of [tinyproxy.port, microsocks.port]) {
      const item = itemOf(items, port);
      expect(item.status).toBe("live");
      const [page, moved, large] = item.targets;
      expect(page).toMatchObject({ url: `${site.url}/page`, ok: true, status: 200 });
      expect(page!.error).toBeUndefined();
      expect(page!.ms).toBeGreaterThanOrEqual(0);
      expect(moved).toMatchObject({ ok: false, status: 302, error: "status 302, expected 2xx" });
      expect(large).toMatchObject({ ok: false, status: 200, error: "more than 262144 bytes" });
    }
    // The redirect was not followed: /page was asked for once per live proxy, by the first target.
    expect(site.requests("/page")).toBe(2);
    expect(site.requests("/moved")).toBe(2);
    // The proxy was asked for the pinned address, and the site saw the target's own Host.
    expect(site.hosts()).toContain(`127.0.0.1:${site.port}`);
    // A dead proxy gets no target request.
    expect(itemOf(items, closedPort)).toMatchObject({ status: "dead", targets: [] });

    // Exports carry the results: JSON as the items show them, CSV as one JSON cell.
    const exported = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/export?format=json`, owner.key));
    const exportedItem = (exported as Item[]).find((item) => item.proxy_norm.endsWith(`:${tinyproxy.port}`));
    expect(exportedItem?.targets).toEqual(itemOf(items, tinyproxy.port).targets);
    const csv = await (await api.get(`/api/v1/api/jobs/${jobId}/export?format=csv`, owner.key)).text();
    const [header = "", ...rows] = csv.trim().split("\n");
    expect(header.split(",")).toContain("targets");
    const tinyRow = rows.find((row) => row.includes(`:${tinyproxy.port}`));
    expect(tinyRow).toContain('""status"":302');
  });

  test("asks every kind of proxy for the address the name resolved to, and the site for the name", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    socks4a,
    worker: _,
  }) => {
    const { tinyproxy, dante } = proxyFarm;
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [
        `http://127.0.0.1:${tinyproxy.port}`,
        `socks5://127.0.0.1:${dante.port}`,
        `socks4a://127.0.0.1:${socks4a.port}`,
      ],
      [{ url: `http://localhost:${site.port}/page`, expect_text: TARGET_PAGE_TEXT }],
    );
    for (const port of [tinyproxy.port, dante.port, socks4a.port]) {
      expect(itemOf(items, port).targets).toEqual([expect.objectContaining({ ok: true, status: 200 })]);
    }
    // SOCKS4a could carry the name; it is given the checked address, so it cannot resolve it anew.
    expect(socks4a.requested).toContain(`127.0.0.1:${site.port}`);
    expect(socks4a.requested).not.toContain(`localhost:${site.port}`);
    expect(site.hosts()).toContain(`localhost:${site.port}`);
  });

  test("a target that answers too slowly is cut at 5 s", async ({
    api,
    database,
    owner,
    site,
    proxyFarm,
    worker: _,
  }) => {
    const { tinyproxy } = proxyFarm;
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [`http://127.0.0.1:${tinyproxy.port}`],
      [{ url: `${site.url}/slow` }],
    );
    const [slow] = itemOf(items, tinyproxy.port).targets;
    expect(slow).toMatchObject({ ok: false, status: 200, error: "timed out after 5000 ms" });
    expect(slow!.ms).toBeGreaterThanOrEqual(4900);
    expect(slow!.ms).toBeLessThan(8000);
  });

  test("a proxy that rewrites pages passes the judge and fails expect_text", async ({
    api,
    database,
    owner,
    site,
    rewriter,
    worker: _,
  }) => {
    const { items } = await checkedItems(
      api,
      database.url,
      owner.key,
      [`http://127.0.0.1:${rewriter.port}`],
      [{ url: `${site.url}/page`, expect_text: TARGET_PAGE_TEXT }, { url: `${site.url}/page` }],
    );
    const item = itemOf(items, rewriter.port);
    expect(item.status).toBe("live");
    expect(item.targets).toEqual([
      expect.objectContaining({ ok: false, status: 200, error: "expect_text not found in the answer" }),
      // Without expect_text the rewritten page still has the expected status.
      expect.objectContaining({ ok: true, status: 200 }),
    ]);
    expect(rewriter.rewritten()).toBe(2);
  });
});
