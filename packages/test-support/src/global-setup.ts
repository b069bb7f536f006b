import { migrateDatabase } from "@sieve/core";
import { prepareTemplateDatabase } from "./databases.ts";

/**
 * Every run starts from a migrated shared test database (tests isolate by their own rows) and a
 * migrated template that tests needing a database of their own clone.
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/sieve_test";
  process.env.DATABASE_URL = url;
  await migrateDatabase(url, new URL("../../../prisma/migrations", import.meta.url).pathname);
  await prepareTemplateDatabase();
}
