import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../../../test/support/accounts.ts";
import { startTestApi, type TestApi } from "../../../test/support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../../../test/support/databases.ts";
import { jsonBody } from "../../../test/support/json-body.ts";
import { insertProxies } from "../../../test/support/proxy-rows.ts";

let database: PrivateDatabase;
let api: TestApi;
let account: TestAccount;

beforeAll(async () => {
  database = await createPrivateDatabase();
  api = await startTestApi(database, { RATE_LIMIT_API_EXPORT_FREE: "1000" });
  account = await createTestAccount(database.prisma);
  await insertProxies(database.pool, [
    { host: "1.2.3.4", port: 1080, protocol: "socks5", country: "US", anonymity: "elite", latencyMs: 120 },
    { host: "5.6.7.8", port: 8080, protocol: "http", country: "DE" },
    { host: "2001:db8::2", port: 3128, protocol: "http", country: null },
    // Awkward values a spreadsheet would misread: a formula start, a quote and a comma.
    { host: "9.8.7.6", port: 80, protocol: "http", country: "=1" },
    { host: "9.8.7.5", port: 80, protocol: "http", country: '",' },
  ]);
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const exportOf = (query: string) => api.get(`/api/v1/api/proxies/export${query}`, account.key);

describe("GET /api/v1/api/proxies/export", () => {
  it("exports txt by default, one proxy per line", async () => {
    const response = await exportOf("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="proxies.txt"');
    expect(await response.text()).toBe(
      "1.2.3.4:1080\n5.6.7.8:8080\n[2001:db8::2]:3128\n9.8.7.6:80\n9.8.7.5:80\n",
    );
  });

  it("applies the list's filters", async () => {
    expect(await (await exportOf("?protocol=http&country=de")).text()).toBe("5.6.7.8:8080\n");
  });

  it("exports CSV quoted per RFC 4180 and safe against formula injection", async () => {
    const response = await exportOf("?format=csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    // PostgreSQL's COPY writes the file, ending lines with LF as RFC 4180 readers accept.
    const lines = (await response.text()).split("\n");
    expect(lines[0]).toBe("proxy_norm,protocol,country,anonymity,latency_ms,uptime_score,checked_at");
    expect(lines[1]).toMatch(/^1\.2\.3\.4:1080,socks5,US,elite,120,1,\d{4}-/);
    expect(lines[3]).toMatch(/^\[2001:db8::2\]:3128,http,,,,1,/);
    expect(lines[4]).toMatch(/^9\.8\.7\.6:80,http,'=1,,,1,/);
    expect(lines[5]).toMatch(/^9\.8\.7\.5:80,http,""",",,,1,/);
    expect(lines[6]).toBe("");
    expect(lines).toHaveLength(7);
  });

  it("exports JSON as one well-formed array", async () => {
    const response = await exportOf("?format=json");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const items = JSON.parse(await response.text());
    expect(items).toHaveLength(5);
    expect(items[4]).toMatchObject({ proxy_norm: "9.8.7.5:80", country: '",' });
  });

  it("exports an empty JSON array when nothing matches", async () => {
    expect(JSON.parse(await (await exportOf("?format=json&country=ZZ")).text())).toEqual([]);
  });

  it("answers 400 for an unknown format or a page parameter", async () => {
    const badFormat = await exportOf("?format=xml");
    expect(badFormat.status).toBe(400);
    expect((await jsonBody(badFormat)).error).toBe("format must be txt, csv or json");
    expect((await exportOf("?page=2")).status).toBe(400);
  });
});
