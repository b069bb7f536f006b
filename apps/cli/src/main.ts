import { Command } from "commander";
import { registerAccountCommands } from "./commands/account.ts";
import { registerDbCommands } from "./commands/db.ts";
import { registerKeyCommands } from "./commands/key.ts";
import { registerPoolCommands } from "./commands/pool.ts";
import { registerProbeCommand } from "./commands/probe.ts";
import { registerSourceCommands } from "./commands/source.ts";
import { runCli } from "./run-cli.ts";

const program = new Command("sieve").description("Sieve operator commands").showHelpAfterError();
registerDbCommands(program);
registerAccountCommands(program);
registerKeyCommands(program);
registerProbeCommand(program);
registerSourceCommands(program);
registerPoolCommands(program);

await runCli(program, process.argv);
