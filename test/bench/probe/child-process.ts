import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort } from "@sieve/test-support/harness";
import { WORKER_NODE_ARGS } from "../support/worker-node-args.ts";
import type { LoadFigures } from "./load-pool.ts";

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

/** SIGTERM; with `killAfterMs`, SIGKILL if the child is still running that long after. */
export function stopChild(child: ChildProcess, killAfterMs?: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * A load script (a path under the repository root) run in a process of its own with `spec` as
 * its JSON argument, with the worker's Node flags; resolves with the one JSON line of
 * `LoadFigures` it prints. `nodeArgs` go to node before the script (`--cpu-prof`, which
 * NODE_OPTIONS refuses).
 */
export async function runLoad(script: string, spec: unknown, nodeArgs: string[] = []): Promise<LoadFigures> {
  const child = spawnWithManyFiles(tsx, [
    ...WORKER_NODE_ARGS,
    ...nodeArgs,
    `${root}${script}`,
    JSON.stringify(spec),
  ]);
  return JSON.parse(await outputOf(child)) as LoadFigures;
}

/** Resolves once something accepts connections on the loopback `port`; gives up after ~200 tries. */
export async function waitForPort(port: number): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => resolve(socket.destroy() !== undefined));
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

export interface JudgeProcess {
  child: ChildProcess;
  httpUrl: string;
  httpsUrl: string;
  secret: string;
}

/** The real judge (apps/judge/src/main.ts) on two free loopback ports; resolves once both accept. */
export async function startJudgeProcess(secret: string): Promise<JudgeProcess> {
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const child = spawnWithManyFiles(tsx, [`${root}apps/judge/src/main.ts`], {
    JUDGE_HOST: "127.0.0.1",
    JUDGE_HTTP_PORT: String(httpPort),
    JUDGE_HTTPS_PORT: String(httpsPort),
    JUDGE_SECRET: secret,
    LOG_LEVEL: "error",
  });
  try {
    await waitForPort(httpPort);
    await waitForPort(httpsPort);
  } catch (error) {
    await stopChild(child, 5_000);
    throw error;
  }
  return {
    child,
    httpUrl: `http://127.0.0.1:${httpPort}/`,
    httpsUrl: `https://127.0.0.1:${httpsPort}/`,
    secret,
  };
}

/** test/bench/probe/hang-server.ts: a proxy that accepts and never answers, in its own process. */
export async function startHangServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnWithManyFiles(tsx, [`${root}test/bench/probe/hang-server.ts`]);
  return { child, port: Number(await firstLineOf(child)) };
}
