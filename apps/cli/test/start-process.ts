import { type ChildProcess, spawn } from "node:child_process";

const root = new URL("../../../", import.meta.url).pathname;

/** A process of the checkout a test started, with its output. */
export interface StartProcess {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the output holds `text`; rejects if the process exits first. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM and wait; SIGKILL to its whole group after `graceMs`; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
});

/** `pnpm start` as an operator runs it (its own process group), with exactly `env`. */
export function runStart(env: Record<string, string>): StartProcess {
  return runEntry("apps/cli/src/start.ts", env);
}

/** A TypeScript entry point of the checkout (`apps/worker/src/main.ts`, say) in its own process group, with exactly `env`. */
export function runEntry(entry: string, env: Record<string, string>): StartProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `${root}${entry}`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    waitForOutput(text, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (output.includes(text)) done();
          else if (child.exitCode !== null)
            done(new Error(`start exited ${child.exitCode} before "${text}":\n${output}`));
        };
        function done(error?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          error ? reject(error) : resolve();
        }
        listeners.add(check);
        check();
      });
    },
    stop(graceMs = 60_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
