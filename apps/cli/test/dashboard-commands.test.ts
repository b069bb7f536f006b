import { spawn } from "node:child_process";
import { isWellFormedApiKey, verifyPassword } from "@sieve/core";
import { describe, expect, it } from "vitest";
import { createKeyJson, runSieve, runSieveJson } from "./run-sieve.ts";
import { cliStores } from "./stores.ts";

interface KeyJson {
  id: string;
  account_id: string;
  name: string;
  expires_at: string | null;
  revoked_at: string | null;
  state: string;
  key?: string;
  old?: KeyJson;
}

const { database, authenticate, keys, newAccountId } = cliStores();

describe("sieve account password", { timeout: 60_000 }, () => {
  it("sets the password from standard input, verifies the address and ends its sessions", async () => {
    const id = await newAccountId();
    await database.pool.query(
      "INSERT INTO sessions (id, account_id, digest, expires_at) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')",
      [id, Buffer.from(`session-of-${id}`)],
    );
    const run = await runSieve(["account", "password", id], {}, "a long operator password\n");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`set the password of account ${id}`);
    expect(run.stdout).not.toContain("a long operator password");

    const stored = await database.prisma.account.findUniqueOrThrow({ where: { id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored.passwordHash!, "a long operator password")).toBe(true);
    expect(stored.emailVerifiedAt).not.toBeNull();
    expect(await database.prisma.session.count({ where: { accountId: id } })).toBe(0);
  });

  /** Runs `sieve account password` on a pseudo-terminal, as an operator's shell would, typing `answer`
   * at each prompt, or both answers at once after the first prompt (as a paste). */
  async function passwordOnTerminal(id: string, answer: string, typing: "each prompt" | "pasted") {
    const root = new URL("../../../", import.meta.url).pathname;
    const child = spawn(
      "script",
      ["-qec", `node_modules/.bin/tsx apps/cli/src/main.ts account password ${id}`, "/dev/null"],
      { cwd: root, env: process.env, stdio: ["pipe", "pipe", "pipe"] },
    );
    let screen = "";
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 30_000;
      while (!screen.includes(text)) {
        if (Date.now() > deadline) throw new Error(`never saw ${text}; screen: ${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await waitFor("New password: ");
    if (typing === "pasted") child.stdin.write(`${answer}\r${answer}\r`);
    else {
      child.stdin.write(`${answer}\r`);
      await waitFor("Repeat it: ");
      child.stdin.write(`${answer}\r`);
    }
    await waitFor("its dashboard sessions ended");
    child.stdin.end();
    await exited;
    return screen;
  }

  it.each(["each prompt", "pasted"] as const)(
    "asks twice on a terminal without showing what is typed (answers typed at %s)",
    async (typing) => {
      const id = await newAccountId();
      const screen = await passwordOnTerminal(id, "typed at the terminal", typing);
      expect(screen).not.toContain("typed at the terminal");
      const stored = await database.prisma.account.findUniqueOrThrow({ where: { id } });
      expect(await verifyPassword(stored.passwordHash!, "typed at the terminal")).toBe(true);
    },
  );

  it("refuses a short password and an unknown account", async () => {
    const short = await runSieve(["account", "password", await newAccountId()], {}, "too short\n");
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/password must be at least 12 characters/);
    const unknown = await runSieve(
      ["account", "password", "00000000-0000-4000-8000-000000000000"],
      {},
      "a long enough password\n",
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no account with id/);
  });
});

describe("sieve key create --expires-days and key rotate", { timeout: 60_000 }, () => {
  it("creates a key that expires in N days", async () => {
    const accountId = await newAccountId();
    const created = await createKeyJson<KeyJson>(accountId, "--expires-days", "30");
    const left = Date.parse(created.expires_at!) - Date.now();
    expect(left).toBeGreaterThan(29 * 86_400_000);
    expect(left).toBeLessThanOrEqual(30 * 86_400_000);
    expect(created.state).toBe("active");
    expect((await runSieve(["key", "create", "--account", accountId, "--expires-days", "0"])).code).not.toBe(
      0,
    );
  });

  it("rotates with a 1 h grace: both keys work; with none the old one is refused at once", async () => {
    const accountId = await newAccountId();
    const original = await keys.create({ accountId, name: "deploy" });
    const graced = await runSieveJson<KeyJson>(["key", "rotate", original.apiKey.id, "--grace", "1h"]);
    expect(isWellFormedApiKey(graced.key!)).toBe(true);
    expect(graced).toMatchObject({ name: "deploy", state: "active" });
    expect(graced.old).toMatchObject({ id: original.apiKey.id, state: "rolling" });
    expect(await authenticate(original.key)).toMatchObject({ ok: true });
    expect(await authenticate(graced.key!)).toMatchObject({ ok: true });

    const human = await runSieve(["key", "rotate", graced.id]);
    expect(human.code).toBe(0);
    const newKey = human.stdout.split("\n").find((line) => isWellFormedApiKey(line))!;
    expect(human.stdout).toMatch(/is revoked/);
    expect(await authenticate(graced.key!)).toEqual({ ok: false, reason: "revoked" });
    expect(await authenticate(newKey)).toMatchObject({ ok: true });

    const bad = await runSieve(["key", "rotate", original.apiKey.id, "--grace", "5m"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/must be none, 1h or 24h/);
  });
});
