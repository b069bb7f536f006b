import { test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { createDatabase, createKeyAuthenticator, ensureBootstrapAdmin } from "../src/index.ts";

// Bootstrap asks whether any admin exists, so each test needs a database no other test touches.

describe("bootstrap admin", () => {
  test("creates admin@localhost with a working key on a database without an admin", async ({
    freshDatabase: database,
  }) => {
    const created = await ensureBootstrapAdmin(database.prisma);
    expect(created?.account).toMatchObject({ email: "admin@localhost", role: "admin", status: "active" });
    const authenticated = await createKeyAuthenticator({ pool: database.pool })(created?.key ?? "");
    expect(authenticated).toMatchObject({
      ok: true,
      caller: { accountId: created?.account.id, role: "admin" },
    });
  });

  test("returns nothing and creates nothing on later starts", async ({ freshDatabase: database }) => {
    await ensureBootstrapAdmin(database.prisma);
    expect(await ensureBootstrapAdmin(database.prisma)).toBeNull();
    expect(await database.prisma.account.count()).toBe(1);
    expect(await database.prisma.apiKey.count()).toBe(1);
  });

  test("leaves a database that already has an admin alone", async ({ freshDatabase: database }) => {
    await database.prisma.account.create({ data: { email: "ops@example.test", role: "admin" } });
    expect(await ensureBootstrapAdmin(database.prisma)).toBeNull();
    expect(await database.prisma.account.count()).toBe(1);
  });

  test("creates exactly one admin when several processes start at once", async ({
    freshDatabase: database,
  }) => {
    const url = database.url;
    const processes = Array.from({ length: 4 }, () => createDatabase({ url, poolMax: 2 }));
    try {
      const results = await Promise.all(processes.map((process) => ensureBootstrapAdmin(process.prisma)));
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(await database.prisma.account.count({ where: { role: "admin" } })).toBe(1);
      expect(await database.prisma.apiKey.count()).toBe(1);
    } finally {
      await Promise.all(processes.map((process) => process.close()));
    }
  });

  test("refuses with a conflict when admin@localhost is taken by a non-admin account", async ({
    freshDatabase: database,
  }) => {
    await database.prisma.account.create({ data: { email: "admin@localhost", role: "user" } });
    await expect(ensureBootstrapAdmin(database.prisma)).rejects.toMatchObject({ code: "conflict" });
  });
});
