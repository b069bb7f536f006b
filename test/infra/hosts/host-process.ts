import { type ChildProcess, spawn } from "node:child_process";
import { IP, type NamespaceHost } from "./namespace-network.ts";

export const repoRoot = new URL("../../..", import.meta.url).pathname;

/** A process started inside a namespace host; `ip netns exec` execs, so the pid is the process itself. */
export interface HostProcess {
  name: string;
  pid: number;
  /** The last of its stdout and stderr, for failure messages and log counts. */
  output(): string;
  /** Resolves with the first line of output matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<void>;
  /** `signal`, then SIGKILL after a few seconds; safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export function spawnInHost(
  host: NamespaceHost,
  name: string,
  command: string[],
  options: { env?: Record<string, string>; stopSignal?: NodeJS.Signals } = {},
): HostProcess {
  const child = spawn(IP, ["netns", "exec", host.namespace, ...command], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...options.env },
  });
  running.add(child);
  let raw = "";
  const listeners = new Set<(text: string) => void>();
  const onData = (chunk: Buffer) => {
    raw = (raw + chunk.toString()).slice(-200_000);
    for (const listener of listeners) listener(raw);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: child.pid ?? -1,
    output: () => raw,
    exited,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (text: string) => {
          const line = text.split("\n").find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} wrote no line matching ${pattern} within ${timeoutMs} ms:\n${raw}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`${name} exited before writing ${pattern}:\n${raw}`));
        });
        check(raw);
      });
    },
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(options.stopSignal ?? "SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
