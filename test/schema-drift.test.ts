import { test } from "@sieve/test-support";
import {
  describeDrift,
  factKinds,
  type SchemaFacts,
  schemaFromDatabase,
  schemaFromPrisma,
} from "@sieve/test-support/schema";
import { beforeAll, describe, expect } from "vitest";

const schemaPath = new URL("../prisma/schema.prisma", import.meta.url).pathname;

let expected: SchemaFacts;
let actual: SchemaFacts;

beforeAll(async () => {
  expected = await schemaFromPrisma(schemaPath);
  actual = await schemaFromDatabase(process.env.DATABASE_URL!);
});

describe("the migrated database matches schema.prisma", () => {
  test.each(factKinds)("has every %s of schema.prisma and no other", (kind) => {
    expect(describeDrift(expected, actual, kind), `run: fix prisma/migrations or schema.prisma`).toEqual([]);
  });

  test("reads the whole schema, not an empty one", () => {
    const count = (kind: string) => [...expected.keys()].filter((key) => key.startsWith(`${kind} `)).length;
    expect(count("table")).toBeGreaterThanOrEqual(7);
    expect(count("enum")).toBeGreaterThanOrEqual(7);
    expect(expected.get("column accounts.email")).toBe("text NOT NULL no default");
    expect(expected.get("column proxies.id")).toBe("bigint NOT NULL DEFAULT autoincrement()");
    expect(expected.get("index proxies_pool_host_port_protocol_key")).toBe(
      "unique index on proxies (pool, host, port, protocol) using btree",
    );
    expect(expected.get("foreign key api_keys_account_id_fkey")).toBe(
      "api_keys (account_id) references accounts (id) on delete Cascade on update Cascade",
    );
  });
});

describe("drift detection", () => {
  test.beforeAll(async ({ database }) => {
    await database.pool.query(`
      ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
      ALTER TABLE accounts ADD COLUMN nickname TEXT;
      ALTER TABLE proxies ALTER COLUMN uptime_score SET DEFAULT 1;
      DROP INDEX proxies_pool_alive_country_id_idx;
      CREATE INDEX proxies_host_port_idx ON proxies (port, host);
      ALTER TYPE anonymity ADD VALUE 'unknown';
      ALTER TABLE api_keys DROP CONSTRAINT api_keys_account_id_fkey;
      ALTER TABLE api_keys ADD CONSTRAINT api_keys_account_id_fkey
        FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE RESTRICT ON UPDATE CASCADE;
    `);
  });

  test("names every kind of difference in a sentence", async ({ database }) => {
    const drift = describeDrift(expected, await schemaFromDatabase(database.url));
    expect(drift).toEqual([
      'column accounts.email: schema.prisma says "text NOT NULL no default", the database has "text NULL no default"',
      "column accounts.nickname: in the database (text NULL no default) but not in schema.prisma",
      'column proxies.uptime_score: schema.prisma says "real NOT NULL DEFAULT 0", the database has "real NOT NULL DEFAULT 1"',
      'enum anonymity: schema.prisma says "transparent, anonymous, elite", the database has "transparent, anonymous, elite, unknown"',
      "foreign key api_keys_account_id_fkey: schema.prisma says " +
        '"api_keys (account_id) references accounts (id) on delete Cascade on update Cascade", ' +
        'the database has "api_keys (account_id) references accounts (id) on delete Restrict on update Cascade"',
      "index proxies_host_port_idx: in the database (index on proxies (port, host) using btree) but not in schema.prisma",
      "index proxies_pool_alive_country_id_idx: in schema.prisma (index on proxies (pool, alive, country, id) using btree) " +
        "but missing from the database",
    ]);
  });
});
