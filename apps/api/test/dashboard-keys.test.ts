import {
  type DashboardClient,
  jsonBody,
  type PrivateDatabase,
  type TestApi,
  test,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { untilDropped } from "./key-cache-replicas.ts";

async function newKey(client: DashboardClient, body: unknown = { name: "ci", expires_days: null }) {
  const response = await client.dash("POST", "/keys", body);
  expect(response.status).toBe(201);
  return (await jsonBody(response)) as {
    key: { id: string; state: string; expires_at: string | null };
    secret: string;
  };
}

const proxies = (api: TestApi, key: string) => api.get("/api/v1/api/proxies", key);

/**
 * Moves a key's expiry `msAgo` into the past, as if its time had run out, and waits until the
 * API's key cache has heard of it (a write behind the API's back reaches it by NOTIFY).
 */
async function expire(
  api: TestApi,
  database: PrivateDatabase,
  key: { id: string; secret: string },
  msAgo: number,
) {
  await database.prisma.apiKey.update({
    where: { id: key.id },
    data: { expiresAt: new Date(Date.now() - msAgo) },
  });
  await untilDropped(api, key.secret);
}

/** A key the API no longer takes is refused as every bad key is: 401, saying nothing more. */
async function expectKeyRefused(api: TestApi, key: string): Promise<void> {
  const refused = await proxies(api, key);
  expect(refused.status).toBe(401);
  expect(await jsonBody(refused)).toEqual({ code: "unauthenticated", error: "invalid API key" });
}

describe("Account → API Keys", () => {
  test("rolls with a 1-hour grace: old and new keys both work, the old one until the grace ends", async ({
    api,
    database,
    dashboard,
  }) => {
    const { client } = await dashboard.signedIn();
    const old = await newKey(client, { name: "deploy", expires_days: 30 });
    const rolled = await client.dash("POST", `/keys/${old.key.id}/roll`, { grace: "1h" });
    expect(rolled.status).toBe(201);
    const body = await jsonBody(rolled);
    expect(body.secret).toMatch(/^pk_live_/);
    expect(body.key).toMatchObject({ name: "deploy", state: "active" });
    expect(body.old_key).toMatchObject({ id: old.key.id, state: "rolling" });
    const graceLeft = Date.parse(body.old_key.expires_at) - Date.now();
    expect(graceLeft).toBeGreaterThan(59 * 60_000);
    expect(graceLeft).toBeLessThanOrEqual(3_600_000);
    // The new key keeps the old one's 30-day lifetime, counted from the roll.
    expect(Date.parse(body.key.expires_at) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    expect((await proxies(api, old.secret)).status).toBe(200);
    expect((await proxies(api, body.secret)).status).toBe(200);

    // The grace ends: the old key is refused like an expired one, the new one goes on.
    await expire(api, database, { id: old.key.id, secret: old.secret }, 1);
    await expectKeyRefused(api, old.secret);
    expect((await proxies(api, body.secret)).status).toBe(200);
    const states = (await jsonBody(await client.dash("GET", "/keys"))).items.map(
      (key: { state: string }) => key.state,
    );
    expect(states).toEqual(["active", "expired"]);
  });

  test("rolls with no grace: the old key gets 401 at once", async ({ api, dashboard }) => {
    const { client } = await dashboard.signedIn();
    const old = await newKey(client);
    const rolled = await jsonBody(await client.dash("POST", `/keys/${old.key.id}/roll`, { grace: "none" }));
    expect(rolled.old_key.state).toBe("revoked");
    expect((await proxies(api, old.secret)).status).toBe(401);
    expect((await proxies(api, rolled.secret)).status).toBe(200);
    const twice = await client.dash("POST", `/keys/${old.key.id}/roll`, { grace: "1h" });
    expect(twice.status).toBe(409);
  });

  test("refuses an expired key like a revoked one", async ({ api, database, dashboard }) => {
    const { client } = await dashboard.signedIn();
    const created = await newKey(client, { name: "short", expires_days: 30 });
    expect((await proxies(api, created.secret)).status).toBe(200);
    await expire(api, database, { id: created.key.id, secret: created.secret }, 1000);
    await expectKeyRefused(api, created.secret);
  });

  test("answers 404 for another account's key and for ids that are not keys", async ({ api, dashboard }) => {
    const mine = await dashboard.signedIn();
    const theirs = await dashboard.signedIn();
    const key = await newKey(theirs.client);
    for (const path of [`/keys/${key.key.id}/revoke`, "/keys/not-a-uuid/revoke"]) {
      const response = await mine.client.dash("POST", path);
      expect(response.status).toBe(404);
      expect(await jsonBody(response)).toEqual({ code: "not_found", error: "key not found" });
    }
    const roll = await mine.client.dash("POST", `/keys/${key.key.id}/roll`, { grace: "none" });
    expect(roll.status).toBe(404);
    expect((await proxies(api, key.secret)).status).toBe(200);
    expect((await jsonBody(await mine.client.dash("GET", "/keys"))).items).toEqual([]);
  });

  test("validates the name, the expiry choice and the grace", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const cases: [unknown, RegExp][] = [
      [{ name: "", expires_days: null }, /name is required/],
      [{ name: "x", expires_days: 7 }, /expires_days must be null/],
      [{ name: "x".repeat(101), expires_days: null }, /at most 100/],
    ];
    for (const [body, error] of cases) {
      const response = await client.dash("POST", "/keys", body);
      expect(response.status).toBe(400);
      expect((await jsonBody(response)).error).toMatch(error);
    }
    const key = await newKey(client);
    const grace = await client.dash("POST", `/keys/${key.key.id}/roll`, { grace: "8h" });
    expect(grace.status).toBe(400);
    expect((await jsonBody(grace)).error).toBe("grace must be none, 1h or 24h");
  });

  test("lists keys newest first with the fields of the contract, never the secret", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const first = await newKey(client, { name: "first", expires_days: null });
    const second = await newKey(client, { name: "second", expires_days: 365 });
    const { items } = await jsonBody(await client.dash("GET", "/keys"));
    expect(items.map((key: { id: string }) => key.id)).toEqual([second.key.id, first.key.id]);
    expect(Object.keys(items[0]).sort()).toEqual(
      ["created_at", "expires_at", "id", "last_used_at", "name", "prefix", "revoked_at", "state"].sort(),
    );
    expect(items[1].expires_at).toBeNull();
  });
});
