import { terminalTable } from "@sieve/client";
import type { Command } from "commander";
import { emit, type OutputOptions } from "../output.ts";
import { type Repositories, withRepositories } from "../with-repositories.ts";

/**
 * `<parent> <name> <id> [--json]`: does `change` to the record with that id and prints what it
 * returns, as `json` with --json and as the line `human` otherwise.
 */
export function recordCommand<T>(
  parent: Command,
  command: { name: string; description: string; idDescription: string },
  change: (repositories: Repositories, id: string) => Promise<T>,
  print: { json: (record: T) => unknown; human: (record: T) => string },
): void {
  parent
    .command(command.name)
    .description(command.description)
    .argument("<id>", command.idDescription)
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const record = await withRepositories((repositories) => change(repositories, id));
      emit(options, print.json(record), () => [print.human(record)]);
    });
}

/**
 * `<parent> list [--json]`: prints the records `list` returns, as `json` of each with --json and
 * otherwise as a table of `header` and `row` of each, or the line `none` when there are none.
 */
export function listCommand<T>(
  parent: Command,
  description: string,
  list: (repositories: Repositories) => Promise<T[]>,
  print: { json: (record: T) => unknown; none: string; header: string[]; row: (record: T) => string[] },
): void {
  parent
    .command("list")
    .description(description)
    .option("--json", "machine-readable output")
    .action(async (options: OutputOptions) => {
      const listed = await withRepositories(list);
      emit(options, listed.map(print.json), () =>
        listed.length === 0 ? [print.none] : terminalTable(print.header, listed.map(print.row)),
      );
    });
}
