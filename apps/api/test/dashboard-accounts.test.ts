import { randomBytes } from "node:crypto";
import {
  DashboardClient,
  jsonBody,
  type SmtpReceiver,
  test as sieveTest,
  startTestApi,
  type TestApi,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const BASE = "http://dashboard.example.test";
const PASSWORD = "correct horse battery staple";

const newEmail = () => `person-${randomBytes(5).toString("hex")}@example.test`;

/** Signs up and follows the mailed link, as a new user does. */
async function verifiedUser(
  smtp: SmtpReceiver,
  client: DashboardClient,
  email = newEmail(),
): Promise<string> {
  await client.refreshCsrf();
  expect((await client.dash("POST", "/auth/signup", { email, password: PASSWORD })).status).toBe(201);
  const link = await smtp.linkTo(email, "/verify");
  expect((await client.dash("POST", "/auth/verify", { token: link.searchParams.get("token") })).status).toBe(
    200,
  );
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return email;
}

const test = sieveTest
  .extend("mailApi", { scope: "file" }, async ({ database, mail }, { onCleanup }): Promise<TestApi> => {
    const api = await startTestApi(database, { SMTP_URL: mail.url, PUBLIC_BASE_URL: BASE });
    onCleanup(() => api.close());
    return api;
  })
  // A new person who signed up, followed the mailed link and signed in: one per test.
  .extend("signedUp", async ({ mailApi, mail }) => {
    const client = new DashboardClient(mailApi.url);
    return { client, email: await verifiedUser(mail, client) };
  });

describe("a new user from sign-up to a working key", () => {
  test("signs up, verifies by mail, signs in, makes a key that works, and revokes it", async ({
    mailApi: api,
    database,
    mail: smtp,
  }) => {
    const client = new DashboardClient(api.url);
    const email = newEmail();
    await client.refreshCsrf();

    const signup = await client.dash("POST", "/auth/signup", { email, password: PASSWORD });
    expect(signup.status).toBe(201);
    expect((await jsonBody(signup)).account).toMatchObject({
      email,
      email_verified: false,
      role: "user",
      tier: "free",
      status: "active",
      premium_until: null,
    });
    const stored = await database.prisma.account.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const link = await smtp.linkTo(email, "/verify");
    expect(link.origin).toBe(BASE);

    // Signed in but unverified: may look, may not make keys.
    expect((await client.signIn(email, PASSWORD)).status).toBe(200);
    const early = await client.dash("POST", "/keys", { name: "too early", expires_days: null });
    expect(early.status).toBe(403);
    expect(await jsonBody(early)).toEqual({ code: "forbidden", error: "verify your email address first" });

    const verified = await client.dash("POST", "/auth/verify", { token: link.searchParams.get("token") });
    expect(verified.status).toBe(200);
    expect((await jsonBody(verified)).account.email_verified).toBe(true);
    const again = await client.dash("POST", "/auth/verify", { token: link.searchParams.get("token") });
    expect(again.status).toBe(400);
    expect(await jsonBody(again)).toEqual({ code: "invalid_request", error: "invalid or expired link" });

    const me = await jsonBody(await client.dash("GET", "/me"));
    expect(me).toMatchObject({ email, email_verified: true, tier: "free" });
    expect(me.limits.map((row: { category: string }) => row.category)).toEqual([
      "api_read",
      "api_check",
      "api_export",
    ]);
    expect(me.limits[0]).toMatchObject({ limit: 60, window_seconds: 60, remaining: 60 });

    const created = await client.dash("POST", "/keys", { name: "laptop", expires_days: 90 });
    expect(created.status).toBe(201);
    const { key, secret } = await jsonBody(created);
    expect(secret).toMatch(/^pk_live_/);
    expect(key).toMatchObject({ name: "laptop", state: "active", revoked_at: null, last_used_at: null });
    expect(secret.startsWith(key.prefix)).toBe(true);
    const expiresIn = Date.parse(key.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(89 * 86_400_000);
    expect(expiresIn).toBeLessThanOrEqual(90 * 86_400_000);

    expect((await api.get("/api/v1/api/proxies", secret)).status).toBe(200);
    const listed = await jsonBody(await client.dash("GET", "/keys"));
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(listed)).not.toContain(secret);

    const revoked = await client.dash("POST", `/keys/${key.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await jsonBody(revoked)).key.state).toBe("revoked");
    const refused = await api.get("/api/v1/api/proxies", secret);
    expect(refused.status).toBe(401);
    expect(await jsonBody(refused)).toEqual({ code: "unauthenticated", error: "invalid API key" });
  });

  test("refuses a short password and a taken email", async ({ mailApi: api }) => {
    const client = new DashboardClient(api.url);
    await client.refreshCsrf();
    const short = await client.dash("POST", "/auth/signup", { email: newEmail(), password: "elevenchars" });
    expect(short.status).toBe(400);
    expect((await jsonBody(short)).error).toMatch(/at least 12 characters/);
    const email = newEmail();
    expect((await client.dash("POST", "/auth/signup", { email, password: PASSWORD })).status).toBe(201);
    const taken = await client.dash("POST", "/auth/signup", { email, password: PASSWORD });
    expect(taken.status).toBe(409);
  });

  test("sets an HttpOnly, SameSite=Lax session cookie and rotates it at sign-in", async ({
    mailApi: api,
    signedUp: { client, email },
  }) => {
    const first = client.cookies.get("sieve_session");
    const response = await client.signIn(email, PASSWORD);
    const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith("sieve_session="));
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Secure/);
    const second = client.cookies.get("sieve_session");
    expect(second).not.toBe(first);

    const stale = new DashboardClient(api.url);
    stale.cookies.set("sieve_session", first!);
    expect((await stale.dash("GET", "/me")).status).toBe(401);
    expect((await client.dash("GET", "/me")).status).toBe(200);
  });

  test("signs out: the cookie's session is gone on the server too", async ({
    mailApi: api,
    signedUp: { client },
  }) => {
    const token = client.cookies.get("sieve_session")!;
    expect((await client.dash("POST", "/auth/signout")).status).toBe(204);
    const replay = new DashboardClient(api.url);
    replay.cookies.set("sieve_session", token);
    expect((await replay.dash("GET", "/me")).status).toBe(401);
  });

  test("changes the password: the old one stops working and other sessions end", async ({
    mailApi: api,
    signedUp: { client, email },
  }) => {
    const other = new DashboardClient(api.url);
    expect((await other.signIn(email, PASSWORD)).status).toBe(200);

    const wrong = await client.dash("POST", "/auth/password", {
      current_password: "not the password at all",
      new_password: "a brand new long password",
    });
    expect(wrong.status).toBe(401);
    const changed = await client.dash("POST", "/auth/password", {
      current_password: PASSWORD,
      new_password: "a brand new long password",
    });
    expect(changed.status).toBe(204);
    await client.refreshCsrf();
    expect((await client.dash("GET", "/me")).status).toBe(200);
    expect((await other.dash("GET", "/me")).status).toBe(401);
    expect((await new DashboardClient(api.url).signIn(email, PASSWORD)).status).toBe(401);
    expect((await new DashboardClient(api.url).signIn(email, "a brand new long password")).status).toBe(200);
  });

  test("resets a forgotten password by a mailed link, once, and says nothing about unknown emails", async ({
    mailApi: api,
    database,
    mail: smtp,
    signedUp: { client, email },
  }) => {
    const anonymous = new DashboardClient(api.url);
    await anonymous.refreshCsrf();

    const unknown = await anonymous.dash("POST", "/auth/reset-request", { email: newEmail() });
    expect(unknown.status).toBe(202);
    const known = await anonymous.dash("POST", "/auth/reset-request", { email });
    expect(known.status).toBe(202);
    expect(await jsonBody(known)).toEqual(await jsonBody(unknown));

    const link = await smtp.linkTo(email, "/reset");
    expect(link.origin).toBe(BASE);
    const token = link.searchParams.get("token");
    const reset = await anonymous.dash("POST", "/auth/reset", { token, password: "reset to this long one" });
    expect(reset.status).toBe(204);
    expect(
      (await anonymous.dash("POST", "/auth/reset", { token, password: "and again to this" })).status,
    ).toBe(400);
    // Every session of the account ended with the reset.
    expect((await client.dash("GET", "/me")).status).toBe(401);
    expect((await new DashboardClient(api.url).signIn(email, "reset to this long one")).status).toBe(200);
    const digests = await database.pool.query(
      "SELECT digest FROM account_tokens WHERE digest = sha256($1::bytea)",
      [Buffer.from(token!)],
    );
    expect(digests.rowCount).toBe(1);
  });

  test("sends at most three mails an hour to one address, however often they are asked for", async ({
    mail: smtp,
    signedUp: { client, email },
  }) => {
    const before = smtp.mails.filter((mail) => mail.to.includes(email)).length;
    for (let ask = 0; ask < 5; ask++) {
      expect((await client.dash("POST", "/auth/reset-request", { email })).status).toBe(202);
    }
    // The verification mail was the first of three; two resets follow it, then nothing.
    await expect.poll(() => smtp.mails.filter((mail) => mail.to.includes(email)).length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.filter((mail) => mail.to.includes(email)).length).toBe(3);
    expect(before).toBe(1);
  });
});
