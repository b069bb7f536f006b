import { createPersonAccount, DashboardClient, jsonBody, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { SIGNIN_FAILURES_PER_ACCOUNT: "3", SIGNIN_FAILURES_PER_IP: "8" });

describe("CSRF and cross-origin requests", () => {
  test("refuses a state-changing request without the CSRF token, or with another session's", async ({
    database,
    dashboard,
  }) => {
    const { client } = await dashboard.signedIn();
    const missing = await client.dash("POST", "/keys", { name: "x", expires_days: null }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(await jsonBody(missing)).toEqual({ code: "forbidden", error: "invalid or missing CSRF token" });

    const other = await dashboard.signedIn();
    const foreign = await client.dash(
      "POST",
      "/keys",
      { name: "x", expires_days: null },
      { csrf: false, headers: { "x-csrf-token": other.client.csrf! } },
    );
    expect(foreign.status).toBe(403);
    expect(await database.prisma.apiKey.count()).toBe(0);
  });

  test("a token taken before sign-in stops working after it", async ({ api, database }) => {
    const person = await createPersonAccount(database.prisma);
    const client = new DashboardClient(api.url);
    const before = await client.refreshCsrf();
    expect(
      (await client.dash("POST", "/auth/signin", { email: person.email, password: person.password })).status,
    ).toBe(200);
    const stale = await client.dash("POST", "/keys", { name: "x", expires_days: null });
    expect(stale.status).toBe(403);
    expect(await client.refreshCsrf()).not.toBe(before);
    expect((await client.dash("POST", "/keys", { name: "x", expires_days: null })).status).toBe(201);
  });

  test("a request from another origin with the session cookie changes nothing", async ({
    api,
    database,
    dashboard,
  }) => {
    const { client, person } = await dashboard.signedIn();
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example.test" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const response = await client.dash(
        "POST",
        "/keys",
        { name: "planted", expires_days: null },
        { headers },
      );
      expect(response.status).toBe(403);
      expect(await jsonBody(response)).toEqual({ code: "forbidden", error: "cross-origin request refused" });
    }
    const signout = await client.dash("POST", "/auth/signout", undefined, {
      headers: { origin: "http://evil.example.test" },
    });
    expect(signout.status).toBe(403);
    expect(await database.prisma.apiKey.count({ where: { accountId: person.accountId } })).toBe(0);
    expect((await client.dash("GET", "/me")).status).toBe(200);
    // The same request from our own origin goes through.
    const own = await client.dash(
      "POST",
      "/keys",
      { name: "mine", expires_days: null },
      { headers: { origin: api.url } },
    );
    expect(own.status).toBe(201);
  });

  test("a session cookie gives nothing on the public key API", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const response = await client.request("GET", "/api/v1/api/proxies");
    expect(response.status).toBe(401);
    expect((await jsonBody(response)).error).toMatch(/missing API key/);
  });

  test("asks for a session on dashboard routes", async ({ api }) => {
    const anonymous = new DashboardClient(api.url);
    const response = await anonymous.dash("GET", "/me");
    expect(response.status).toBe(401);
    expect(await jsonBody(response)).toEqual({ code: "unauthenticated", error: "sign in first" });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("sign-in limiting", () => {
  test("answers a wrong email and a wrong password the same way", async ({ api, database }) => {
    const person = await createPersonAccount(database.prisma);
    const client = new DashboardClient(api.url);
    await client.refreshCsrf();
    const wrongPassword = await client.dash("POST", "/auth/signin", {
      email: person.email,
      password: "not it at all!",
    });
    const wrongEmail = await client.dash("POST", "/auth/signin", {
      email: "nobody-here@example.test",
      password: person.password,
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.status).toBe(401);
    expect(await jsonBody(wrongPassword)).toEqual({
      code: "unauthenticated",
      error: "wrong email or password",
    });
    expect(await jsonBody(wrongEmail)).toEqual({ code: "unauthenticated", error: "wrong email or password" });
    expect(wrongPassword.headers.get("set-cookie")).toBe(wrongEmail.headers.get("set-cookie"));
  });

  test("limits failures per account, even with the right password, with Retry-After", async ({
    api,
    database,
  }) => {
    const person = await createPersonAccount(database.prisma);
    const client = new DashboardClient(api.url);
    await client.refreshCsrf();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await client.dash("POST", "/auth/signin", {
        email: person.email,
        password: "guess guess guess",
      });
      expect(response.status).toBe(401);
    }
    const limited = await client.dash("POST", "/auth/signin", {
      email: person.email,
      password: person.password,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await jsonBody(limited)).error).toMatch(/^too many sign-in attempts: retry in \d+ s$/);
    // An unknown email is limited the same way, so the limit tells nothing about who exists.
    for (let attempt = 0; attempt < 3; attempt++) {
      await client.dash("POST", "/auth/signin", {
        email: "ghost@example.test",
        password: "guess guess guess",
      });
    }
    expect(
      (await client.dash("POST", "/auth/signin", { email: "ghost@example.test", password: "x" })).status,
    ).toBe(429);
  });

  test("limits failures per client address across accounts", async ({ api, database }) => {
    const client = new DashboardClient(api.url);
    await client.refreshCsrf();
    // The limit is 8 failures an hour from one address, whichever emails they name.
    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 429; attempt++) {
      const email = `spray-${attempt}@example.test`;
      status = (await client.dash("POST", "/auth/signin", { email, password: "spray spray spray" })).status;
    }
    expect(status).toBe(429);
    const person = await createPersonAccount(database.prisma);
    expect(
      (await client.dash("POST", "/auth/signin", { email: person.email, password: person.password })).status,
    ).toBe(429);
  });
});
