import { execFile } from "node:child_process";

const root = new URL("../../../", import.meta.url).pathname;
const tsx = `${root}node_modules/.bin/tsx`;
const main = `${root}apps/client-cli/src/main.ts`;

export interface ClientRun {
  code: number;
  stdout: string;
  stderr: string;
}

function settle(resolve: (run: ClientRun) => void) {
  return (error: import("node:child_process").ExecFileException | null, stdout: string, stderr: string) => {
    const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
    resolve({ code, stdout, stderr });
  };
}

/** Runs `sieve-client …` as a user would, with pipes for its streams (so no progress bar). */
export function runSieveClient(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [main, ...args],
      { cwd: root, env: { ...process.env, SIEVE_API_KEY: "", ...env }, timeout: 60_000 },
      settle(resolve),
    );
    child.stdin?.end(input ?? "");
  });
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `sieve-client …` on a pseudo-terminal (util-linux `script`), as from an interactive shell:
 * stdout and stderr are the terminal, so `stdout` holds what the user saw, bar frames included.
 */
export function runSieveClientOnTerminal(args: string[], env: Record<string, string>): Promise<ClientRun> {
  const command = [tsx, main, ...args].map(quote).join(" ");
  return new Promise((resolve) => {
    const child = execFile(
      "script",
      ["--quiet", "--return", "--command", `stty cols 160; exec ${command}`, "/dev/null"],
      { cwd: root, env: { ...process.env, SIEVE_API_KEY: "", ...env }, timeout: 60_000 },
      settle(resolve),
    );
    child.stdin?.end();
  });
}
