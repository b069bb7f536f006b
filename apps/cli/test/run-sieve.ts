import { execFile } from "node:child_process";

const root = new URL("../../../", import.meta.url).pathname;
const tsx = `${root}node_modules/.bin/tsx`;
const main = `${root}apps/cli/src/main.ts`;

export interface SieveRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm sieve …` as an operator would, against the test database unless `env` says otherwise. */
export function runSieve(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<SieveRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [main, ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Piped standard input, as `echo secret | sieve …`; closed at once when there is none.
    child.stdin?.end(input ?? "");
  });
}

/** Runs with --json, expects success and returns the parsed output. */
export async function runSieveJson<T>(args: string[]): Promise<T> {
  const run = await runSieve([...args, "--json"]);
  if (run.code !== 0) throw new Error(`sieve ${args.join(" ")} failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** `sieve key create --account <accountId> <flags…> --json`, parsed. */
export function createKeyJson<T>(accountId: string, ...flags: string[]): Promise<T> {
  return runSieveJson<T>(["key", "create", "--account", accountId, ...flags]);
}

export function uniqueEmail(): string {
  return `cli-${Math.random().toString(36).slice(2, 10)}@example.test`;
}
