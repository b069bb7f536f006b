import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyAuthenticator, digestApiKey, isWellFormedApiKey } from "../src/index.ts";
import { keyStores } from "./key-stores.ts";

const { database, keys, newAccountId } = keyStores("keys");

describe("API key repository", () => {
  it("returns the full key once and stores only its digest and display prefix", async () => {
    const accountId = await newAccountId();
    const created = await keys.create({ accountId, name: "ci" });
    expect(isWellFormedApiKey(created.key)).toBe(true);
    expect(created.apiKey).toMatchObject({ accountId, name: "ci", lastUsedAt: null, revokedAt: null });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(created.apiKey.prefix.length).toBeLessThan(created.key.length);

    const row = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(Buffer.from(row.digest).equals(Buffer.from(digestApiKey(created.key)))).toBe(true);
    const stored = JSON.stringify({ ...row, digest: Buffer.from(row.digest).toString("hex") });
    expect(stored).not.toContain(created.key);
  });

  it("names a key with an empty name when none is given", async () => {
    const created = await keys.create({ accountId: await newAccountId() });
    expect(created.apiKey.name).toBe("");
  });

  it("issues a different key every time", async () => {
    const accountId = await newAccountId();
    const first = await keys.create({ accountId });
    const second = await keys.create({ accountId });
    expect(first.key).not.toBe(second.key);
  });

  it("lists an account's keys oldest first without their digests", async () => {
    const accountId = await newAccountId();
    const first = await keys.create({ accountId, name: "one" });
    const second = await keys.create({ accountId, name: "two" });
    await keys.create({ accountId: await newAccountId(), name: "someone else's" });
    const listed = await keys.listForAccount(accountId);
    expect(listed.map((key) => key.id)).toEqual([first.apiKey.id, second.apiKey.id]);
    for (const key of listed) expect(Object.keys(key)).not.toContain("digest");
  });

  it("revokes a key so the authenticator rejects it on the next request", async () => {
    const accountId = await newAccountId();
    const created = await keys.create({ accountId });
    const authenticate = createKeyAuthenticator({ pool: database.pool });
    expect((await authenticate(created.key)).ok).toBe(true);

    const revoked = await keys.revoke(created.apiKey.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticate(created.key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("keeps the first revocation time when a key is revoked twice", async () => {
    const created = await keys.create({ accountId: await newAccountId() });
    const first = await keys.revoke(created.apiKey.id);
    const second = await keys.revoke(created.apiKey.id);
    expect(second.revokedAt).toEqual(first.revokedAt);
  });

  it("reports unknown accounts and keys as not_found", async () => {
    const id = randomUUID();
    await expect(keys.create({ accountId: id })).rejects.toMatchObject({ code: "not_found" });
    await expect(keys.listForAccount(id)).rejects.toMatchObject({ code: "not_found" });
    await expect(keys.revoke(id)).rejects.toMatchObject({
      code: "not_found",
      message: `no API key with id ${id}`,
    });
  });

  it("rejects malformed ids and overlong names as invalid_request", async () => {
    await expect(keys.create({ accountId: "nope" })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(keys.revoke("nope")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(
      keys.create({ accountId: await newAccountId(), name: "x".repeat(101) }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("name"),
    });
  });
});
