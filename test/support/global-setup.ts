import { migrateDatabase } from "@sieve/core";

/** Every test run starts from a migrated test database; tests isolate by their own rows. */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/sieve_test";
  await migrateDatabase(url, new URL("../../prisma/migrations", import.meta.url).pathname);
}
