import { type ChildProcess, spawn } from "node:child_process";
import { redisAnswersPing } from "@sieve/core";
import { freePort } from "./free-port.ts";
import { killedOnExit, sleep } from "./killed-on-exit.ts";

/**
 * A Redis of the test's own on a free loopback port, with no persistence, so a test can kill it
 * and bring it back empty without touching the Redis every other test shares.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Kills the server outright (all data lost) and starts an empty one on the same port. */
  restartEmpty(): Promise<void>;
  /** Safe to call twice. */
  stop(): Promise<void>;
}

const children = killedOnExit("SIGKILL");

async function launch(port: number, extraArgs: readonly string[]): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extraArgs],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.track(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for (let waited = 0; waited < 10_000 && child.exitCode === null; waited += 50) {
    if (await redisAnswersPing(port)) return child;
    await sleep(50);
  }
  await kill(child);
  throw new Error(`redis-server did not start on port ${port}: ${stderr}`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** `args` go to redis-server after the defaults, e.g. `["--maxmemory-policy", "allkeys-lru"]`. */
export async function startPrivateRedis(options: { args?: readonly string[] } = {}): Promise<PrivateRedis> {
  const extraArgs = options.args ?? [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await launch(port, extraArgs);
    } catch (error) {
      lastError = error;
      continue;
    }
    let stopping: Promise<void> | undefined;
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      async restartEmpty() {
        await kill(child);
        child = await launch(port, extraArgs);
      },
      stop: () => {
        stopping ??= kill(child);
        return stopping;
      },
    };
  }
  throw lastError;
}
