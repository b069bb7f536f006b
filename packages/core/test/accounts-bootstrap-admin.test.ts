import { afterEach, describe, expect, it } from "vitest";
import { createPrivateDatabase, type PrivateDatabase } from "../../../test/support/databases.ts";
import { createDatabase, createKeyAuthenticator, ensureBootstrapAdmin } from "../src/index.ts";

// Bootstrap asks whether any admin exists, so each test needs a database no other test touches.
let database: PrivateDatabase | undefined;

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe("bootstrap admin", () => {
  it("creates admin@localhost with a working key on a database without an admin", async () => {
    database = await createPrivateDatabase();
    const created = await ensureBootstrapAdmin(database.prisma);
    expect(created?.account).toMatchObject({ email: "admin@localhost", role: "admin", status: "active" });
    const authenticated = await createKeyAuthenticator({ pool: database.pool })(created?.key ?? "");
    expect(authenticated).toMatchObject({
      ok: true,
      caller: { accountId: created?.account.id, role: "admin" },
    });
  });

  it("returns nothing and creates nothing on later starts", async () => {
    database = await createPrivateDatabase();
    await ensureBootstrapAdmin(database.prisma);
    expect(await ensureBootstrapAdmin(database.prisma)).toBeNull();
    expect(await database.prisma.account.count()).toBe(1);
    expect(await database.prisma.apiKey.count()).toBe(1);
  });

  it("leaves a database that already has an admin alone", async () => {
    database = await createPrivateDatabase();
    await database.prisma.account.create({ data: { email: "ops@example.test", role: "admin" } });
    expect(await ensureBootstrapAdmin(database.prisma)).toBeNull();
    expect(await database.prisma.account.count()).toBe(1);
  });

  it("creates exactly one admin when several processes start at once", async () => {
    database = await createPrivateDatabase();
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

  it("refuses with a conflict when admin@localhost is taken by a non-admin account", async () => {
    database = await createPrivateDatabase();
    await database.prisma.account.create({ data: { email: "admin@localhost", role: "user" } });
    await expect(ensureBootstrapAdmin(database.prisma)).rejects.toMatchObject({ code: "conflict" });
  });
});
