import { type ProgramRun, runTsxProgram } from "@sieve/test-support";

export type SieveRun = ProgramRun;

/** Runs `pnpm sieve …` as an operator would, against the test database unless `env` says otherwise. */
export function runSieve(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<SieveRun> {
  // Piped standard input, as `echo secret | sieve …`.
  return runTsxProgram("apps/cli/src/main.ts", args, {
    env: { ...process.env, ...env },
    input,
    timeoutMs: 20_000,
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
