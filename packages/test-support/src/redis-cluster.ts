import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.ts";
import { killedOnExit } from "./killed-on-exit.ts";
import { pollUntil } from "./poll-until.ts";

const run = promisify(execFile);

/** A three-master Redis Cluster of the test's own on loopback ports, with no replicas. */
export interface RedisCluster {
  ports: number[];
  /** `redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3`, the form REDIS_URL takes. */
  url: string;
  /** The pids of the three redis-server processes. */
  pids: number[];
  /** Kills the servers (by their pids) and removes their directories; safe to call twice. */
  stop(): Promise<void>;
}

const children = killedOnExit("SIGKILL");

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (the port + 10000) is free too. */
async function nodePort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (await bindable(port + 10_000)) return port;
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args]);
  return stdout;
}

/**
 * Starts three `redis-server --cluster-enabled yes` in temporary directories (each with its own
 * cluster config file) and joins them with `redis-cli --cluster create`, then waits until every
 * node reports the cluster ok. Nothing is persisted; `noeviction` is Redis's default.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "sieve-redis-cluster-"));
  const started: ChildProcess[] = [];
  const ports: number[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(started.map(kill));
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    for (let node = 0; node < 3; node += 1) {
      const port = await nodePort();
      const child = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          `nodes-${port}.conf`,
          "--cluster-node-timeout",
          "5000",
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      children.track(child);
      started.push(child);
      ports.push(port);
    }
    for (const port of ports) {
      await pollUntil(
        async () => (await cli(port, "PING")).trim() === "PONG",
        `redis-server on ${port} answering PONG`,
      );
    }
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    for (const port of ports) {
      await pollUntil(
        async () => (await cli(port, "CLUSTER", "INFO")).includes("cluster_state:ok"),
        `cluster node ${port} reporting cluster_state:ok`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(",")}`,
    pids: started.map((child) => child.pid ?? -1),
    stop,
  };
}
