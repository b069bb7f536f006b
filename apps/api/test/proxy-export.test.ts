import { insertProxies, jsonBody, type TestAccount, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { RATE_LIMIT_API_EXPORT_FREE: "1000" });
test.beforeAll(async ({ database }) => {
  await insertProxies(database.pool, [
    {
      host: "203.0.113.4",
      port: 1080,
      protocol: "socks5",
      country: "US",
      anonymity: "elite",
      latencyMs: 120,
      exitIp: "203.0.113.40",
      asn: 64500,
      org: "Example Transit, Inc.",
      checks: 3,
    },
    {
      host: "198.51.100.8",
      port: 8080,
      protocol: "http",
      country: "DE",
      protocols: ["http", "https"],
      // An organisation name a spreadsheet would run.
      org: "=HYPERLINK()",
      lastSuccessMinutesAgo: null,
    },
    { host: "2001:db8::2", port: 3128, protocol: "http", country: null },
    // Awkward values a spreadsheet would misread: a formula start, a quote and a comma.
    { host: "203.0.113.6", port: 80, protocol: "http", country: "=1" },
    { host: "203.0.113.5", port: 80, protocol: "http", country: '",' },
  ]);
});

const exportOf = ({ api, owner }: { api: TestApi; owner: TestAccount }, query: string) =>
  api.get(`/api/v1/api/proxies/export${query}`, owner.key);

describe("GET /api/v1/api/proxies/export", () => {
  test("exports txt by default, one proxy per line", async ({ api, owner }) => {
    const response = await exportOf({ api, owner }, "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="proxies.txt"');
    expect(await response.text()).toBe(
      "203.0.113.4:1080\n198.51.100.8:8080\n[2001:db8::2]:3128\n203.0.113.6:80\n203.0.113.5:80\n",
    );
  });

  test("applies the list's filters", async ({ api, owner }) => {
    expect(await (await exportOf({ api, owner }, "?protocol=http&country=de")).text()).toBe(
      "198.51.100.8:8080\n",
    );
  });

  test("exports CSV quoted per RFC 4180 and safe against formula injection", async ({ api, owner }) => {
    const response = await exportOf({ api, owner }, "?format=csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    // PostgreSQL's COPY writes the file, ending lines with LF as RFC 4180 readers accept.
    const lines = (await response.text()).split("\n");
    expect(lines[0]).toBe(
      "proxy_norm,protocol,protocols,https,country,anonymity,latency_ms,uptime_score,checked_at," +
        "exit_ip,asn,org,last_success_at,checks,targets_ok",
    );
    const time = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
    expect(lines[1]).toMatch(
      new RegExp(
        String.raw`^203\.0\.113\.4:1080,socks5,socks5,false,US,elite,120,1,${time},203\.0\.113\.40,64500,"Example Transit, Inc\.",${time},3,$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        String.raw`^198\.51\.100\.8:8080,http,http https,true,DE,,,1,${time},,,'=HYPERLINK\(\),,1,$`,
      ),
    );
    expect(lines[3]).toMatch(/^\[2001:db8::2\]:3128,http,http,false,,,,1,/);
    expect(lines[4]).toMatch(/^203\.0\.113\.6:80,http,http,false,'=1,,,1,/);
    expect(lines[5]).toMatch(/^203\.0\.113\.5:80,http,http,false,""",",,,1,/);
    expect(lines[6]).toBe("");
    expect(lines).toHaveLength(7);
  });

  test("exports JSON as one well-formed array", async ({ api, owner }) => {
    const response = await exportOf({ api, owner }, "?format=json");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const items = JSON.parse(await response.text());
    expect(items).toHaveLength(5);
    expect(items[4]).toMatchObject({ proxy_norm: "203.0.113.5:80", country: '",' });
    expect(items[0]).toMatchObject({
      protocols: ["socks5"],
      https: false,
      exit_ip: "203.0.113.40",
      asn: 64500,
      org: "Example Transit, Inc.",
      checks: 3,
    });
    expect(items[1]).toMatchObject({ protocols: ["http", "https"], https: true, last_success_at: null });
  });

  test("exports an empty JSON array when nothing matches", async ({ api, owner }) => {
    expect(JSON.parse(await (await exportOf({ api, owner }, "?format=json&country=ZZ")).text())).toEqual([]);
  });

  test("answers 400 for an unknown format or a page parameter", async ({ api, owner }) => {
    const badFormat = await exportOf({ api, owner }, "?format=xml");
    expect(badFormat.status).toBe(400);
    expect((await jsonBody(badFormat)).error).toBe("format must be txt, csv or json");
    expect((await exportOf({ api, owner }, "?page=2")).status).toBe(400);
  });
});
