import { createHash } from "node:crypto";
import { issueApiKey, migrateDatabase } from "@sieve/core";
import pg from "pg";
import { seedProxiesSql } from "./seed-proxies.ts";

const migrationsDir = new URL("../../../prisma/migrations", import.meta.url).pathname;

export interface BenchDatabase {
  url: string;
  /** A key of a free-tier account, for the API under test. */
  apiKey: string;
  drop(): Promise<void>;
}

/**
 * A bench database's name gets a tag of its checkout, so benches of two checkouts on one server (a
 * worktree beside main, say) never drop each other's database; a re-run in one checkout still
 * replaces its own leftover.
 */
function checkoutTagged(name: string): string {
  const checkout = new URL("../../..", import.meta.url).pathname;
  return `${name}_${createHash("sha256").update(checkout).digest("hex").slice(0, 6)}`;
}

function urlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onAdmin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database holding `rows` public proxies and one account with a key. */
export async function createBenchDatabase(options: {
  serverUrl: string;
  name: string;
  rows: number;
  log: (line: string) => void;
}): Promise<BenchDatabase> {
  const { serverUrl } = options;
  const name = checkoutTagged(options.name);
  const url = urlFor(serverUrl, name);
  const drop = () => onAdmin(serverUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await drop();
  await migrateDatabase(url, migrationsDir);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query(seedProxiesSql, [options.rows]);
    await client.query(
      "INSERT INTO list_refresh (pool, refreshed_at) VALUES ('public', now() - interval '5 minutes')",
    );
    options.log(`seeded ${options.rows} proxies in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await client.query("VACUUM ANALYZE proxies");

    const issued = issueApiKey();
    const account = await client.query<{ id: string }>(
      "INSERT INTO accounts (id, email, role, status) VALUES (gen_random_uuid(), 'bench@example.test', 'user', 'active') RETURNING id",
    );
    await client.query(
      "INSERT INTO api_keys (id, account_id, name, prefix, digest) VALUES (gen_random_uuid(), $1, 'bench', $2, $3)",
      [account.rows[0]!.id, issued.prefix, Buffer.from(issued.digest)],
    );
    return { url, apiKey: issued.key, drop };
  } finally {
    await client.end();
  }
}
