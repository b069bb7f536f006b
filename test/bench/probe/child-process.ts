import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../..", import.meta.url));
export const tsx = `${root}node_modules/.bin/tsx`;

/** Runs a command with its open-files limit raised to the hard limit: thousands of sockets each. */
export function spawnWithManyFiles(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn("sh", ["-c", 'ulimit -n "$(ulimit -Hn)" && exec "$@"', "sh", command, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** Resolves with the child's stdout once it exits 0. */
export function outputOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`)),
    );
  });
}

/** Resolves with the first line the child prints. */
export function firstLineOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf("\n");
      if (newline !== -1) resolve(out.slice(0, newline));
    });
    child.once("exit", (code) => reject(new Error(`child exited ${code} before printing`)));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
