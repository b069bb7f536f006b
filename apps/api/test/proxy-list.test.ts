import {
  createTestAccount,
  insertProxies,
  jsonBody,
  type TestAccount,
  type TestApi,
  test,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { RATE_LIMIT_API_READ_FREE: "10000" });
test.beforeAll(async ({ database }) => {
  await insertProxies(database.pool, [
    {
      host: "192.0.2.4",
      port: 1080,
      protocol: "socks5",
      country: "US",
      anonymity: "elite",
      latencyMs: 120,
      uptimeScore: 0.98,
      exitIp: "203.0.113.9",
      asn: 64500,
      org: "Example Transit, Inc.",
      checks: 12,
      lastSuccessMinutesAgo: 1,
    },
    {
      host: "192.0.2.5",
      port: 8080,
      protocol: "http",
      country: "US",
      anonymity: "transparent",
      latencyMs: 900,
      uptimeScore: 0.4,
      protocols: ["http", "https"],
      exitIp: "198.51.100.77",
      asn: 64500,
      org: "Example Transit, Inc.",
    },
    {
      host: "198.51.100.8",
      port: 3128,
      protocol: "https",
      country: "DE",
      anonymity: "anonymous",
      latencyMs: 300,
      uptimeScore: 0.75,
      asn: 64501,
      org: "Doc Net",
    },
    {
      host: "2001:db8::1",
      port: 1080,
      protocol: "socks4",
      country: "JP",
      latencyMs: 50,
      uptimeScore: 0.5,
      checkedMinutesAgo: 120,
      // Leaves from the address it listens on.
      exitIp: "2001:db8::1",
      lastSuccessMinutesAgo: null,
    },
    { host: "198.51.100.99", port: 80, protocol: "http", country: "US", alive: false },
    { host: "203.0.113.44", port: 80, protocol: "http", country: "US", checkedMinutesAgo: 2000 },
    { host: "203.0.113.77", port: 1080, protocol: "socks5", country: "US", pool: "premium" },
  ]);
  await database.pool.query(
    `INSERT INTO list_refresh (pool, refreshed_at) VALUES ('public', '2026-06-10T08:00:00Z')`,
  );
});

async function list({ api, owner }: { api: TestApi; owner: TestAccount }, query: string) {
  const response = await api.get(`/api/v1/api/proxies${query}`, owner.key);
  return { status: response.status, body: await jsonBody(response) };
}
const hosts = (body: { items: { proxy_norm: string }[] }) => body.items.map((item) => item.proxy_norm);

describe("GET /api/v1/api/proxies", () => {
  test("serves live, fresh public proxies with the documented fields", async ({ api, owner }) => {
    const { status, body } = await list({ api, owner }, "");
    expect(status).toBe(200);
    expect(body).toMatchObject({ page: 1, limit: 50, total: 4, refreshed_at: "2026-06-10T08:00:00.000Z" });
    expect(body.items[0]).toEqual({
      proxy_norm: "192.0.2.4:1080",
      protocol: "socks5",
      country: "US",
      anonymity: "elite",
      latency_ms: 120,
      uptime_score: 0.98,
      checked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      protocols: ["socks5"],
      https: false,
      exit_ip: "203.0.113.9",
      asn: 64500,
      org: "Example Transit, Inc.",
      last_success_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      checks: 12,
      // No default targets were set when it was checked.
      targets_ok: null,
    });
    expect(body.items[1]).toMatchObject({ protocols: ["http", "https"], https: true });
    // protocol https is itself the TLS tunnel.
    expect(body.items[2]).toMatchObject({ protocols: ["https"], https: true, exit_ip: null });
    expect(body.items[3]).toMatchObject({ asn: null, org: null, last_success_at: null, checks: 1 });
    expect(hosts(body)).toEqual([
      "192.0.2.4:1080",
      "192.0.2.5:8080",
      "198.51.100.8:3128",
      "[2001:db8::1]:1080",
    ]);
  });

  test("writes each item exactly as the JSON export does", async ({ api, owner }) => {
    const query = "?fresh_minutes=3000";
    const exported = await api.get(`/api/v1/api/proxies/export${query}&format=json`, owner.key);

    const { body } = await list({ api, owner }, query);

    expect(body.items).toHaveLength(5);
    expect(body.items).toEqual(JSON.parse(await exported.text()));
  });

  test.for<[string, string[]]>([
    ["?protocol=socks5", ["192.0.2.4:1080"]],
    ["?country=us", ["192.0.2.4:1080", "192.0.2.5:8080"]],
    ["?anonymity=anonymous", ["198.51.100.8:3128"]],
    ["?fresh_minutes=60", ["192.0.2.4:1080", "192.0.2.5:8080", "198.51.100.8:3128"]],
    [
      "?fresh_minutes=3000",
      ["192.0.2.4:1080", "192.0.2.5:8080", "198.51.100.8:3128", "[2001:db8::1]:1080", "203.0.113.44:80"],
    ],
    ["?max_latency_ms=300", ["192.0.2.4:1080", "198.51.100.8:3128", "[2001:db8::1]:1080"]],
    ["?min_uptime=0.75", ["192.0.2.4:1080", "198.51.100.8:3128"]],
    ["?min_uptime=1", []],
    ["?protocol=http&country=US&max_latency_ms=1000&min_uptime=0", ["192.0.2.5:8080"]],
    ["?https=true", ["192.0.2.5:8080", "198.51.100.8:3128"]],
    ["?asn=64500", ["192.0.2.4:1080", "192.0.2.5:8080"]],
    ["?asn=64501", ["198.51.100.8:3128"]],
    ["?asn=64502", []],
    // The IPv6 proxy leaves from its own address; one without an exit address is not counted.
    ["?exit_differs=true", ["192.0.2.4:1080", "192.0.2.5:8080"]],
    ["?https=true&asn=64500&exit_differs=true", ["192.0.2.5:8080"]],
  ])("filters with %s", async ([query, expected], { api, owner }) => {
    const { status, body } = await list({ api, owner }, query);
    expect(status).toBe(200);
    expect(hosts(body)).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  test("pages through the list in a stable order without overlap", async ({ api, owner }) => {
    const first = await list({ api, owner }, "?limit=3&page=1");
    const second = await list({ api, owner }, "?limit=3&page=2");
    const third = await list({ api, owner }, "?limit=3&page=3");
    expect(first.body).toMatchObject({ page: 1, limit: 3, total: 4 });
    expect([...hosts(first.body), ...hosts(second.body)]).toEqual(
      hosts((await list({ api, owner }, "")).body),
    );
    expect(hosts(third.body)).toEqual([]);
  });

  test("accepts the limit bounds 1 and 200", async ({ api, owner }) => {
    expect((await list({ api, owner }, "?limit=1")).body.items).toHaveLength(1);
    expect((await list({ api, owner }, "?limit=200")).status).toBe(200);
  });

  test.for<[string, string, RegExp]>([
    ["?limit=0", "limit", /limit must be at least 1/],
    ["?limit=201", "limit", /limit must be at most 200/],
    ["?limit=abc", "limit", /limit must be a whole number/],
    ["?page=0", "page", /page must be at least 1/],
    ["?page=-1", "page", /page must be a whole number/],
    ["?page=1.5", "page", /page must be a whole number/],
    ["?protocol=ftp", "protocol", /protocol must be http, https, socks4 or socks5/],
    ["?protocol=http&protocol=socks5", "protocol", /protocol: give this parameter once/],
    ["?country=USA", "country", /country must be a two-letter ISO code/],
    ["?anonymity=high", "anonymity", /anonymity must be transparent, anonymous or elite/],
    ["?fresh_minutes=0", "fresh_minutes", /fresh_minutes must be at least 1/],
    ["?fresh_minutes=ten", "fresh_minutes", /fresh_minutes must be a whole number/],
    ["?max_latency_ms=-5", "max_latency_ms", /max_latency_ms must be a whole number/],
    ["?min_uptime=1.5", "min_uptime", /min_uptime must be a number from 0 to 1/],
    ["?min_uptime=abc", "min_uptime", /min_uptime must be a number from 0 to 1/],
    ["?asn=AS64500", "asn", /asn must be a whole number/],
    ["?asn=0", "asn", /asn must be at least 1/],
    ["?asn=4294967296", "asn", /asn must be at most 4294967295/],
    ["?https=false", "https", /https must be true/],
    ["?https=1", "https", /https must be true/],
    ["?exit_differs=yes", "exit_differs", /exit_differs must be true/],
  ])("answers 400 for %s naming the parameter", async ([query, parameter, message], { api, owner }) => {
    const { status, body } = await list({ api, owner }, query);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
    expect(body.parameter).toBe(parameter);
  });

  test("answers 400 for a parameter it does not know", async ({ api, owner }) => {
    const { status, body } = await list({ api, owner }, "?protocl=http");
    expect(status).toBe(400);
    expect(body.error).toBe("unknown parameter protocl");
  });

  test("serves only the premium pool on the premium route", async ({ api, database }) => {
    const premium = await createTestAccount(database.prisma, {
      premiumUntil: new Date(Date.now() + 86_400_000),
    });
    const response = await api.get("/api/v1/api/premium/proxies?protocol=socks5", premium.key);
    const body = await jsonBody(response);
    expect(hosts(body)).toEqual(["203.0.113.77:1080"]);
    expect(body.refreshed_at).toBeNull();
  });
});
