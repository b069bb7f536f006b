import { createHash } from "node:crypto";
import {
  createPersonAccount,
  createPrivateDatabase,
  DashboardClient,
  jsonBody,
  type PrivateDatabase,
  startTestApi,
  type TestApi,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: PrivateDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createPrivateDatabase();
  // No SMTP_URL: mails are written to the log.
  api = await startTestApi(database, {
    SESSION_IDLE_MINUTES: "30",
    SESSION_MAX_DAYS: "2",
    TRUST_PROXY: "loopback",
  });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

async function signedIn() {
  const person = await createPersonAccount(database.prisma);
  const client = new DashboardClient(api.url);
  expect((await client.signIn(person.email, person.password)).status).toBe(200);
  const session = await database.prisma.session.findFirstOrThrow({ where: { accountId: person.accountId } });
  return { client, person, session };
}

describe("dashboard sessions", () => {
  it("are rows holding only a digest of the cookie, ending at the absolute limit", async () => {
    const { client, session } = await signedIn();
    const token = client.cookies.get("sieve_session")!;
    expect(Buffer.from(session.digest)).toEqual(createHash("sha256").update(token).digest());
    expect(
      await database.pool.query("SELECT 1 FROM sessions WHERE digest::text LIKE $1", [`%${token}%`]),
    ).toMatchObject({
      rowCount: 0,
    });
    const lifetime = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(lifetime).toBe(2 * 86_400_000);
    expect((await client.dash("GET", "/me")).status).toBe(200);

    await database.prisma.session.update({
      where: { id: session.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const ended = await client.dash("GET", "/me");
    expect(ended.status).toBe(401);
    expect(ended.headers.getSetCookie().some((line) => /^sieve_session=;/.test(line))).toBe(true);
    expect(await database.prisma.session.count({ where: { id: session.id } })).toBe(0);
  });

  it("end after the idle time without use, and stay alive while used", async () => {
    const { client, session } = await signedIn();
    // Used 29 minutes ago: still alive, and the use moves last_seen_at forward.
    await database.prisma.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(Date.now() - 29 * 60_000) },
    });
    expect((await client.dash("GET", "/me")).status).toBe(200);
    const touched = await database.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(60_000);

    await database.prisma.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await client.dash("GET", "/me")).status).toBe(401);
  });

  it("writes the verification link to the log when SMTP_URL is unset", async () => {
    const client = new DashboardClient(api.url);
    await client.refreshCsrf();
    const email = `logged-${Date.now()}@example.test`;
    expect(
      (await client.dash("POST", "/auth/signup", { email, password: "a long enough password" })).status,
    ).toBe(201);
    await expect
      .poll(() => api.logs.some((line) => line.includes(email) && line.includes("/verify?token=")))
      .toBe(true);
    const line = api.logs.find((entry) => entry.includes(email) && entry.includes("/verify?token="))!;
    const token = /verify\?token=([A-Za-z0-9_-]+)/.exec(line)![1];
    const verified = await client.dash("POST", "/auth/verify", { token });
    expect(verified.status).toBe(200);
    expect((await jsonBody(verified)).account.email_verified).toBe(true);
  });

  it("counts the dashboard's reads in /me, per account", async () => {
    const { client } = await signedIn();
    await client.dash("GET", "/proxies");
    await client.dash("GET", "/proxies");
    const me = await jsonBody(await client.dash("GET", "/me"));
    const read = me.limits.find((row: { category: string }) => row.category === "api_read");
    expect(read).toMatchObject({ limit: 60, remaining: 58 });
    expect(Date.parse(read.reset_at)).toBeGreaterThan(Date.now());
  });

  it("marks the cookies Secure when the request came over HTTPS", async () => {
    const person = await createPersonAccount(database.prisma);
    const client = new DashboardClient(api.url);
    const https = { "x-forwarded-proto": "https" };
    const csrf = await client.dash("GET", "/csrf", undefined, { headers: https });
    client.csrf = (await jsonBody(csrf)).token;
    expect(csrf.headers.getSetCookie().find((line) => line.startsWith("sieve_csrf="))).toMatch(/; Secure/);
    const signin = await client.dash(
      "POST",
      "/auth/signin",
      { email: person.email, password: person.password },
      { headers: https },
    );
    expect(signin.status).toBe(200);
    const cookie = signin.headers.getSetCookie().find((line) => line.startsWith("sieve_session="));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it("clears an account's dead sessions when it signs in again", async () => {
    const { person, session } = await signedIn();
    await database.prisma.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    const other = new DashboardClient(api.url);
    expect((await other.signIn(person.email, person.password)).status).toBe(200);
    const left = await database.prisma.session.findMany({ where: { accountId: person.accountId } });
    expect(left.map((row) => row.id)).not.toContain(session.id);
    expect(left).toHaveLength(1);
  });
});
