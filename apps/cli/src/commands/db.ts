import { migrateDatabase } from "@sieve/core";
import type { Command } from "commander";
import { loadCliConfig } from "../cli-config.ts";
import { describeDatabaseError } from "../database-errors.ts";
import { emit, type OutputOptions } from "../output.ts";

const MIGRATIONS_DIR = new URL("../../../../prisma/migrations", import.meta.url).pathname;

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("manage the database");

  db.command("migrate")
    .description("create the database if missing and apply pending migrations")
    .option("--json", "machine-readable output")
    .action(async (options: OutputOptions) => {
      const { DATABASE_URL } = loadCliConfig();
      const database = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
      const result = await migrateDatabase(DATABASE_URL, MIGRATIONS_DIR).catch((error: unknown) => {
        throw describeDatabaseError(error, DATABASE_URL);
      });
      emit(options, { database, created_database: result.createdDatabase, applied: result.applied }, () => [
        ...(result.createdDatabase ? [`created database ${database}`] : []),
        ...result.applied.map((name) => `applied migration ${name}`),
        ...(result.applied.length === 0 ? [`database ${database} is up to date`] : []),
      ]);
    });
}
