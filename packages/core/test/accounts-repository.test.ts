import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createAccountRepository, createDatabase, noKeyInvalidation } from "../src/index.ts";

const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 4 });
const accounts = createAccountRepository({ prisma: database.prisma, invalidation: noKeyInvalidation });
const DAY_MS = 86_400_000;

afterAll(() => database.close());

function uniqueEmail(): string {
  return `accounts-${randomBytes(6).toString("hex")}@example.test`;
}

describe("account repository", () => {
  it("creates an active user account without premium by default", async () => {
    const email = uniqueEmail();
    const account = await accounts.create({ email });
    expect(account).toMatchObject({ email, role: "user", status: "active", premiumUntil: null });
    expect(account.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores the email trimmed and lower-cased", async () => {
    const email = uniqueEmail();
    const account = await accounts.create({ email: `  ${email.toUpperCase()} ` });
    expect(account.email).toBe(email);
  });

  it("creates an account with the given role and premium days from now", async () => {
    const before = Date.now();
    const account = await accounts.create({ email: uniqueEmail(), role: "readonly", premiumDays: 30 });
    expect(account.role).toBe("readonly");
    const until = account.premiumUntil?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);
  });

  it("rejects an invalid email, role or premium days as invalid_request naming the field", async () => {
    await expect(accounts.create({ email: "not-an-email" })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("email"),
    });
    await expect(accounts.create({ email: uniqueEmail(), role: "root" as "user" })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("role"),
    });
    for (const premiumDays of [-1, 1.5, Number.NaN]) {
      await expect(accounts.create({ email: uniqueEmail(), premiumDays })).rejects.toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining("premiumDays"),
      });
    }
  });

  it("rejects a second account with the same email as a conflict, whatever its case", async () => {
    const email = uniqueEmail();
    await accounts.create({ email });
    await expect(accounts.create({ email: email.toUpperCase() })).rejects.toMatchObject({
      code: "conflict",
      message: `an account with email ${email} already exists`,
    });
  });

  it("lists accounts including newly created ones, oldest first", async () => {
    const first = await accounts.create({ email: uniqueEmail() });
    const second = await accounts.create({ email: uniqueEmail() });
    const ids = (await accounts.list()).map((account) => account.id);
    expect(ids).toContain(first.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
  });

  it("suspends and re-activates an account", async () => {
    const account = await accounts.create({ email: uniqueEmail() });
    expect((await accounts.suspend(account.id)).status).toBe("suspended");
    expect((await accounts.get(account.id)).status).toBe("suspended");
    expect((await accounts.activate(account.id)).status).toBe("active");
    expect((await accounts.get(account.id)).status).toBe("active");
  });

  it("sets premium to N days from now, replacing the previous end", async () => {
    const account = await accounts.create({ email: uniqueEmail(), premiumDays: 365 });
    const before = Date.now();
    const updated = await accounts.setPremium(account.id, 7);
    const until = updated.premiumUntil?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS);
  });

  it("ends premium when set to zero days", async () => {
    const account = await accounts.create({ email: uniqueEmail(), premiumDays: 30 });
    expect((await accounts.setPremium(account.id, 0)).premiumUntil).toBeNull();
  });

  it("rejects negative or fractional premium days", async () => {
    const account = await accounts.create({ email: uniqueEmail() });
    await expect(accounts.setPremium(account.id, -3)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(accounts.setPremium(account.id, 2.5)).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("reports an unknown account id as not_found on every operation", async () => {
    const id = randomUUID();
    for (const call of [
      () => accounts.get(id),
      () => accounts.suspend(id),
      () => accounts.activate(id),
      () => accounts.setPremium(id, 1),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "not_found", message: `no account with id ${id}` });
    }
  });

  it("rejects a malformed account id as invalid_request instead of reaching the database", async () => {
    await expect(accounts.suspend("42")).rejects.toMatchObject({
      code: "invalid_request",
      message: "account id must be a UUID",
    });
  });
});
