import { describe, expect, it } from "vitest";
import { KeyCache } from "../src/auth/key-cache.ts";
import { createKeyAuthenticator } from "../src/index.ts";
import { keyStores } from "./key-stores.ts";

const { database, keys, authenticate, newAccountId } = keyStores("last-used");

async function newKey() {
  return keys.create({ accountId: await newAccountId(), name: "last used" });
}

const lastUsed = async (keyId: string) =>
  (await database.prisma.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt;

const setLastUsed = (keyId: string, secondsAgo: number) =>
  database.pool.query("UPDATE api_keys SET last_used_at = now() - make_interval(secs => $2) WHERE id = $1", [
    keyId,
    secondsAgo,
  ]);

describe("a key's last use", () => {
  it("is recorded on first use", async () => {
    const { apiKey, key } = await newKey();
    await authenticate(key);
    await expect.poll(() => lastUsed(apiKey.id)).toBeInstanceOf(Date);
  });

  it("is written at most once a minute, however often the key is used", async () => {
    const { apiKey, key } = await newKey();
    await setLastUsed(apiKey.id, 30);
    const before = await lastUsed(apiKey.id);
    for (let i = 0; i < 20; i++) await authenticate(key);
    // The write is off the request path: give a stray one time to land before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lastUsed(apiKey.id)).toEqual(before);
  });

  it("moves on once a minute has passed since the last recorded use", async () => {
    const { apiKey, key } = await newKey();
    await setLastUsed(apiKey.id, 90);
    const before = (await lastUsed(apiKey.id))!;
    await authenticate(key);
    await expect
      .poll(async () => (await lastUsed(apiKey.id))!.getTime())
      .toBeGreaterThan(before.getTime() + 60_000);
  });
});

describe("revoking a key", () => {
  it("stamps the database's clock and has taken effect when it returns", async () => {
    const { apiKey, key } = await newKey();
    expect((await authenticate(key)).ok).toBe(true);
    const revoked = await keys.revoke(apiKey.id);
    const { rows } = await database.pool.query<{ now: Date }>("SELECT now() AS now");
    expect(revoked.revokedAt!.getTime()).toBeLessThanOrEqual(rows[0]!.now.getTime());
    expect(await authenticate(key)).toEqual({ ok: false, reason: "revoked" });
  });
});

describe("a key's last use through a key cache", () => {
  it("is still recorded once a minute when the key is answered from the cache", async () => {
    const cache = new KeyCache({ isTrusted: () => true });
    const cached = createKeyAuthenticator({ pool: database.pool, cache });
    const { apiKey, key } = await newKey();
    // Not due yet at the lookup (59.4 s ago), so the entry keeps that time; due on a hit soon after.
    await setLastUsed(apiKey.id, 59.4);
    const before = (await lastUsed(apiKey.id))!;
    expect((await cached(key)).ok).toBe(true);
    expect(cache.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await cached(key)).ok).toBe(true);
    await expect.poll(async () => (await lastUsed(apiKey.id))!.getTime()).toBeGreaterThan(before.getTime());
  });
});
