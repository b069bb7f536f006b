import { execFile } from "node:child_process";
import { type ProgramRun, repoRoot, runTsxProgram, settleProgramRun, tsxCommand } from "@sieve/test-support";

export type ClientRun = ProgramRun;

const main = "apps/client-cli/src/main.ts";
const clientEnv = (env: Record<string, string>) => ({ ...process.env, SIEVE_API_KEY: "", ...env });

/** Runs `sieve-client …` as a user would, with pipes for its streams (so no progress bar). */
export function runSieveClient(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<ClientRun> {
  return runTsxProgram(main, args, { env: clientEnv(env), input, timeoutMs: 60_000 });
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `sieve-client …` on a pseudo-terminal (util-linux `script`), as from an interactive shell:
 * stdout and stderr are the terminal, so `stdout` holds what the user saw, bar frames included.
 */
export function runSieveClientOnTerminal(args: string[], env: Record<string, string>): Promise<ClientRun> {
  const command = [...tsxCommand(main), ...args].map(quote).join(" ");
  return new Promise((resolve) => {
    const child = execFile(
      "script",
      ["--quiet", "--return", "--command", `stty cols 160; exec ${command}`, "/dev/null"],
      { cwd: repoRoot, env: clientEnv(env), timeout: 60_000 },
      settleProgramRun(resolve),
    );
    child.stdin?.end();
  });
}
