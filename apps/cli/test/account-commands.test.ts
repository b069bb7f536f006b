import { randomUUID } from "node:crypto";
import { createAccountRepository, createDatabase, noKeyInvalidation } from "@sieve/core";
import { afterAll, describe, expect, it } from "vitest";
import { runSieve, runSieveJson, uniqueEmail } from "./run-sieve.ts";

interface AccountJson {
  id: string;
  email: string;
  role: string;
  status: string;
  premium_until: string | null;
  created_at: string;
}

const DAY_MS = 86_400_000;
const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 2 });
const accounts = createAccountRepository({ prisma: database.prisma, invalidation: noKeyInvalidation });

afterAll(() => database.close());

describe("sieve account", { timeout: 60_000 }, () => {
  it("creates an account and prints it as JSON", async () => {
    const email = uniqueEmail();
    const account = await runSieveJson<AccountJson>(["account", "create", "--email", email]);
    expect(account).toMatchObject({ email, role: "user", status: "active", premium_until: null });
  });

  it("creates an account with a role and premium days, described in one human line", async () => {
    const email = uniqueEmail();
    const run = await runSieve([
      "account",
      "create",
      "--email",
      email,
      "--role",
      "readonly",
      "--premium-days",
      "10",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^created account [0-9a-f-]{36} ${email} \\(readonly, active, premium until `),
    );
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("lists accounts including a new one, in a table and as JSON", async () => {
    const email = uniqueEmail();
    await accounts.create({ email });
    const human = await runSieve(["account", "list"]);
    expect(human.code).toBe(0);
    expect(human.stdout.split("\n")[0]).toMatch(/^ID\s+EMAIL\s+ROLE\s+STATUS\s+PREMIUM UNTIL\s+CREATED$/);
    expect(human.stdout).toContain(email);
    const listed = await runSieveJson<AccountJson[]>(["account", "list"]);
    expect(listed.some((account) => account.email === email)).toBe(true);
  });

  it("suspends and activates an account", async () => {
    const { id } = await accounts.create({ email: uniqueEmail() });
    expect(await runSieveJson<AccountJson>(["account", "suspend", id])).toMatchObject({
      id,
      status: "suspended",
    });
    expect(await runSieveJson<AccountJson>(["account", "activate", id])).toMatchObject({
      id,
      status: "active",
    });
  });

  it("sets premium N days from now and ends it with 0", async () => {
    const { id } = await accounts.create({ email: uniqueEmail() });
    const before = Date.now();
    const premium = await runSieveJson<AccountJson>(["account", "premium", id, "--days", "30"]);
    const until = Date.parse(premium.premium_until ?? "");
    expect(until).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);
    const ended = await runSieveJson<AccountJson>(["account", "premium", id, "--days", "0"]);
    expect(ended.premium_until).toBeNull();
  });

  it("refuses a duplicate email in one line with exit code 1", async () => {
    const email = uniqueEmail();
    await accounts.create({ email });
    const run = await runSieve(["account", "create", "--email", email]);
    expect(run).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `error: an account with email ${email} already exists\n`,
    });
  });

  it.each([
    [["account", "create", "--email", "not-an-email"], "error: email must be an email address"],
    [["account", "create", "--email", "r@example.test", "--role", "root"], "error: role must be one of"],
    [["account", "suspend", "42"], "error: account id must be a UUID"],
    [["account", "premium", randomUUID(), "--days", "-1"], "must be a whole number"],
    [["account", "premium", randomUUID(), "--days", "2.5"], "must be a whole number"],
    [["account", "create"], "required option '--email <email>' not specified"],
  ])("rejects bad input %j without a stack trace", async (args, message) => {
    const run = await runSieve(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("reports an unknown account id in one line with exit code 1", async () => {
    const id = randomUUID();
    const run = await runSieve(["account", "suspend", id]);
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: `error: no account with id ${id}\n` });
  });
});
