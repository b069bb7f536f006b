import { randomBytes } from "node:crypto";
import { createDatabase, type Database, type DatabaseOptions, migrateDatabase } from "@sieve/core";
import pg from "pg";

// Read when used, not at import: global setup sets DATABASE_URL from TEST_DATABASE_URL after it imports
// this file, and a run isolated by TEST_DATABASE_URL must clone its own template.
const serverUrl = () =>
  new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      "postgresql://postgres@127.0.0.1:5432/sieve_test",
  );
export const templateDatabase = () => `${serverUrl().pathname.slice(1)}_template`;
const migrationsDir = new URL("../../../prisma/migrations", import.meta.url).pathname;

function urlFor(name: string): string {
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrates the template that private databases are cloned from (run once, in global setup). */
export async function prepareTemplateDatabase(): Promise<void> {
  await migrateDatabase(urlFor(templateDatabase()), migrationsDir);
}

export interface PrivateDatabase extends Database {
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of the test's own, for tests that read global tables such as the
 * served proxy list, where rows of other tests would change the answer.
 */
export async function createPrivateDatabase(
  options: Omit<DatabaseOptions, "url"> = {},
): Promise<PrivateDatabase> {
  const name = `sieve_test_${randomBytes(6).toString("hex")}`;
  await onAdmin((client) =>
    client.query(
      `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(templateDatabase())}`,
    ),
  );
  const url = urlFor(name);
  const database = createDatabase({ poolMax: 10, ...options, url });
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await onAdmin((client) =>
        client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}
