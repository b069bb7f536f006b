import { type ExecFileException, execFile } from "node:child_process";

/** The repository's folder, with a trailing slash: where tests run programs from. */
export const repoRoot = new URL("../../..", import.meta.url).pathname;
const tsx = `${repoRoot}node_modules/.bin/tsx`;

/** How a command-line program ended: its exit code (1 when it died of a signal) and its output. */
export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The callback of `execFile` that resolves with the `ProgramRun`, whatever the exit code. */
export function settleProgramRun(resolve: (run: ProgramRun) => void) {
  return (error: ExecFileException | null, stdout: string, stderr: string) => {
    const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
    resolve({ code, stdout, stderr });
  };
}

/**
 * Runs a TypeScript program of the repository (`main`, e.g. `apps/cli/src/main.ts`) through tsx
 * as a user would from a shell, with pipes for its streams: `input` is piped to its standard
 * input, which is closed at once when there is none.
 */
export function runTsxProgram(
  main: string,
  args: string[],
  options: { env: Record<string, string | undefined>; input?: string; timeoutMs: number },
): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [`${repoRoot}${main}`, ...args],
      { cwd: repoRoot, env: options.env, timeout: options.timeoutMs },
      settleProgramRun(resolve),
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** The tsx command line of a repository program, for running it some other way (a terminal). */
export function tsxCommand(main: string): string[] {
  return [tsx, `${repoRoot}${main}`];
}
