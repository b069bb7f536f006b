import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/index.ts";

const migrationsDir = new URL("../../../prisma/migrations", import.meta.url).pathname;
const serverUrl = new URL(process.env.DATABASE_URL!);
const scratchNames: string[] = [];

function scratchDatabaseUrl(): string {
  const name = `sieve_test_migrate_${Math.random().toString(36).slice(2, 10)}`;
  scratchNames.push(name);
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function recordedMigrations(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
    }>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    return result.rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString(),
  });
  await admin.connect();
  for (const name of scratchNames)
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await admin.end();
});

describe("migration runner", () => {
  it("creates a missing database, applies every migration once and nothing on a second run", async () => {
    const url = scratchDatabaseUrl();
    const names = await migrationNames();
    expect(await migrateDatabase(url, migrationsDir)).toEqual({ createdDatabase: true, applied: names });
    expect(await migrateDatabase(url, migrationsDir)).toEqual({ createdDatabase: false, applied: [] });
    expect((await recordedMigrations(url)).map((row) => row.migration_name)).toEqual(names);
  });

  it("records each migration in _prisma_migrations as prisma migrate deploy does", async () => {
    const url = scratchDatabaseUrl();
    await migrateDatabase(url, migrationsDir);
    const rows = await recordedMigrations(url);
    for (const row of rows) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row).toMatchObject({
        checksum: createHash("sha256").update(sql).digest("hex"),
        rolled_back_at: null,
        logs: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it("applies each migration exactly once when several processes migrate at the same time", async () => {
    const url = scratchDatabaseUrl();
    const results = await Promise.all(Array.from({ length: 3 }, () => migrateDatabase(url, migrationsDir)));
    const applied = results.flatMap((result) => result.applied).sort();
    expect(applied).toEqual(await migrationNames());
    expect(results.filter((result) => result.createdDatabase)).toHaveLength(1);
    expect((await recordedMigrations(url)).map((row) => row.migration_name)).toEqual(await migrationNames());
  });
});
