import { readFile } from "node:fs/promises";
import { invalidRequest } from "@sieve/vocabulary";
import type { Command } from "commander";
import { emit, type OutputOptions } from "../output.ts";
import { withRepositories } from "../with-repositories.ts";

export function registerPoolCommands(program: Command): void {
  const pool = program.command("pool").description("manage the premium proxy pool");

  pool
    .command("import")
    .description(
      "add the proxies of a file (text, JSON or CSV) to the premium pool; they are checked like the public list",
    )
    .argument("<file>", "proxy list file")
    .option("--premium", "import into the premium pool (the public list is gathered from sources)")
    .option("--json", "machine-readable output")
    .action(async (file: string, options: { premium?: boolean } & OutputOptions) => {
      if (!options.premium) {
        throw invalidRequest(
          "only the premium pool is imported: add --premium (the public list comes from `sieve source add`)",
        );
      }
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw invalidRequest(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const imported = await withRepositories(({ premium }) => premium.add(text));
      emit(options, { pool: "premium", ...imported }, () => [
        `premium pool: ${imported.added} added of ${imported.candidates} proxies in ${file}`,
        ...(imported.with_credentials > 0
          ? [`skipped ${imported.with_credentials} lines with credentials: the pool serves host:port only`]
          : []),
      ]);
    });
}
