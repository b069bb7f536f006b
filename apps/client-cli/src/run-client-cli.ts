import { createSieveClient, type SieveClient } from "@sieve/client";
import { Command, CommanderError } from "commander";
import { type CliIo, write, writeJson } from "./cli-io.ts";
import type { CommandContext } from "./command-context.ts";
import { registerAccountCommand } from "./commands/account.ts";
import { registerCheckCommand } from "./commands/check.ts";
import { registerJobsCommand } from "./commands/jobs.ts";
import { registerProxiesCommand } from "./commands/proxies.ts";
import { ClientCliConfig } from "./config.ts";
import { asCliFailure, type CliFailure, ExitCode, usageError } from "./exit-codes.ts";
import { eventFollower, type FollowJob } from "./follow-job.ts";

export interface ClientCliDeps {
  io: CliIo;
  env: Record<string, string | undefined>;
  /** How `check` follows a job; the polling follower unless a test or a newer transport says otherwise. */
  followJob?: (client: SieveClient) => FollowJob;
}

/** Commander's own exits that are no failure: help and the version asked for. */
const COMMANDER_SUCCESSES = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

/** Runs `sieve-client` with `argv` (as process.argv: node, script, args…); resolves to the exit status. */
export async function runClientCli(argv: string[], deps: ClientCliDeps): Promise<number> {
  const { io } = deps;
  const wantsJson = argv.includes("--json");
  // An empty variable (`SIEVE_API_KEY= sieve-client …`) means unset, as in a shell's eyes.
  const setVariables = Object.fromEntries(Object.entries(deps.env).filter(([, value]) => value !== ""));
  const parsedEnv = ClientCliConfig.safeParse(setVariables);
  const apiUrl = parsedEnv.success ? parsedEnv.data.SIEVE_API_URL : String(setVariables.SIEVE_API_URL);

  const context: CommandContext = {
    io,
    client() {
      if (!parsedEnv.success) {
        const problems = parsedEnv.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
        throw usageError(`invalid environment: ${problems.join("; ")}`);
      }
      const { SIEVE_API_URL, SIEVE_API_KEY } = parsedEnv.data;
      if (!SIEVE_API_KEY) throw usageError("set SIEVE_API_KEY to your API key (pk_live_…)");
      return createSieveClient({ baseUrl: SIEVE_API_URL, apiKey: SIEVE_API_KEY });
    },
    followJob: deps.followJob ?? ((client) => eventFollower(client)),
  };

  const program = new Command("sieve-client")
    .description(
      "Sieve's API from the command line. Reads SIEVE_API_URL (default http://127.0.0.1:3000/api/v1) and SIEVE_API_KEY.",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run sieve-client --help for usage)")
    .addHelpText(
      "after",
      "\nExit status: 0 ok, 1 API error, 2 usage error, 3 key refused (401/403), 4 rate-limited or unavailable after retries, 5 job failed or cancelled.",
    );
  registerCheckCommand(program, context);
  registerProxiesCommand(program, context);
  registerJobsCommand(program, context);
  registerAccountCommand(program, context);

  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already written its message (or the help) to stderr.
      return COMMANDER_SUCCESSES.has(error.code) ? ExitCode.ok : ExitCode.usage;
    }
    const failure = asCliFailure(error, apiUrl);
    await report(io, failure, wantsJson);
    return failure.exitCode;
  }
}

async function report(io: CliIo, failure: CliFailure, json: boolean): Promise<void> {
  if (json) {
    await writeJson(io.stderr, {
      error: failure.message,
      code: failure.code,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      exit_code: failure.exitCode,
    });
    return;
  }
  await write(io.stderr, `error: ${failure.message}\n`);
}
