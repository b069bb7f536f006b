import { randomUUID } from "node:crypto";
import { isWellFormedApiKey } from "@sieve/core";
import { describe, expect, it } from "vitest";
import { createKeyJson, runSieve, runSieveJson } from "./run-sieve.ts";
import { cliStores } from "./stores.ts";

interface KeyJson {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  revoked_at: string | null;
  key?: string;
}

const { authenticate, keys, newAccountId } = cliStores();

describe("sieve key", { timeout: 60_000 }, () => {
  it("creates a key that authenticates and prints it once", async () => {
    const accountId = await newAccountId();
    const created = await createKeyJson<KeyJson>(accountId, "--name", "laptop");
    expect(created).toMatchObject({ account_id: accountId, name: "laptop", revoked_at: null });
    expect(isWellFormedApiKey(created.key ?? "")).toBe(true);
    expect(await authenticate(created.key ?? "")).toMatchObject({ ok: true, caller: { accountId } });

    const listed = await runSieve(["key", "list", "--account", accountId]);
    expect(listed.stdout).toContain(created.prefix);
    expect(listed.stdout).not.toContain(created.key);
  });

  it("prints the human key on a line of its own with a warning that it is shown once", async () => {
    const run = await runSieve(["key", "create", "--account", await newAccountId()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.some((line) => isWellFormedApiKey(line))).toBe(true);
    expect(run.stdout).toContain("cannot be shown again");
  });

  it("lists an account's keys oldest first", async () => {
    const accountId = await newAccountId();
    const first = await keys.create({ accountId, name: "one" });
    const second = await keys.create({ accountId, name: "two" });
    const listed = await runSieveJson<KeyJson[]>(["key", "list", "--account", accountId]);
    expect(listed.map((key) => key.id)).toEqual([first.apiKey.id, second.apiKey.id]);
    expect(listed.every((key) => key.key === undefined)).toBe(true);
  });

  it("revokes a key so it is refused on the next request", async () => {
    const created = await keys.create({ accountId: await newAccountId() });
    const revoked = await runSieveJson<KeyJson>(["key", "revoke", created.apiKey.id]);
    expect(revoked.revoked_at).not.toBeNull();
    expect(await authenticate(created.key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("reports unknown accounts and keys in one line with exit code 1", async () => {
    const id = randomUUID();
    expect(await runSieve(["key", "create", "--account", id])).toMatchObject({
      code: 1,
      stderr: `error: no account with id ${id}\n`,
    });
    expect(await runSieve(["key", "list", "--account", id])).toMatchObject({
      code: 1,
      stderr: `error: no account with id ${id}\n`,
    });
    expect(await runSieve(["key", "revoke", id])).toMatchObject({
      code: 1,
      stderr: `error: no API key with id ${id}\n`,
    });
  });
});
