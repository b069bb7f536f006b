import { readdir } from "node:fs/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runSieve } from "./run-sieve.ts";

const serverUrl = new URL(process.env.DATABASE_URL!);
const scratchName = `sieve_test_cli_${Math.random().toString(36).slice(2, 10)}`;
const scratchUrl = Object.assign(new URL(serverUrl), { pathname: `/${scratchName}` }).toString();
const migrationsDir = new URL("../../../prisma/migrations", import.meta.url).pathname;

afterAll(async () => {
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString(),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(scratchName)} WITH (FORCE)`);
  await admin.end();
});

describe("sieve db migrate", { timeout: 60_000 }, () => {
  it("creates a missing database, applies every migration, then reports it up to date", async () => {
    const migrations = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    const first = await runSieve(["db", "migrate", "--json"], { DATABASE_URL: scratchUrl });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      database: scratchName,
      created_database: true,
      applied: migrations,
    });

    const second = await runSieve(["db", "migrate"], { DATABASE_URL: scratchUrl });
    expect(second).toMatchObject({ code: 0, stdout: `database ${scratchName} is up to date\n` });
  });
});

describe("when PostgreSQL cannot be used", { timeout: 60_000 }, () => {
  const unreachable = "postgresql://postgres@127.0.0.1:1/sieve";

  it.each(["db migrate", "account list"])(
    "says in one line that it cannot reach PostgreSQL on %s",
    async (command) => {
      const run = await runSieve(command.split(" "), { DATABASE_URL: unreachable });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: cannot reach PostgreSQL at 127\.0\.0\.1:1; start it with .+\n$/);
    },
  );

  it("tells the operator to migrate when the database does not exist", async () => {
    const missing = Object.assign(new URL(serverUrl), { pathname: "/sieve_test_never_created" }).toString();
    const run = await runSieve(["account", "list"], { DATABASE_URL: missing });
    expect(run).toMatchObject({
      code: 1,
      stderr:
        "error: database sieve_test_never_created does not exist on 127.0.0.1:5432; run `pnpm db:migrate`\n",
    });
  });

  it("names the variable when DATABASE_URL is not a URL", async () => {
    const run = await runSieve(["account", "list"], { DATABASE_URL: "not a url" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: invalid configuration: DATABASE_URL: .+\n$/);
  });
});
