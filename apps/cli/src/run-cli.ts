import { ConfigError, SieveError } from "@sieve/vocabulary";
import type { Command } from "commander";

/** Runs the program; known failures print one line and exit 1, never a stack trace. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof SieveError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
