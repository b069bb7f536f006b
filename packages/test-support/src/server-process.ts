import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

export interface ServerProcess {
  port: number;
  /** Where the server's config, pid and log files live. */
  dir: string;
  /** Stops the server and everything it forked; safe to call twice. */
  stop(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  /** Writes config into `dir` for `port` and returns the command line to run in the foreground. */
  prepare(dir: string, port: number): Promise<{ command: string; args: string[] }>;
  /** Raises the open-files limit of the server (benchmarks run thousands of connections). */
  openFiles?: number;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** Signals the server's whole process group: proxies fork workers that must go with it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a server in its own process group on a free loopback port and resolves once it accepts
 * connections. A port lost to a parallel test is retried on another.
 */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  let lastError = "";
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const dir = await mkdtemp(join(tmpdir(), `sieve-${spec.name}-`));
    const port = await freePort();
    const { command, args } = await spec.prepare(dir, port);
    const wrapped = spec.openFiles
      ? { command: "sh", args: ["-c", `ulimit -n ${spec.openFiles} && exec "$@"`, "sh", command, ...args] }
      : { command, args };
    const child = spawn(wrapped.command, wrapped.args, {
      cwd: dir,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    running.add(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let ready = false;
    for (
      let waited = 0;
      waited < 15_000 && child.exitCode === null && child.signalCode === null;
      waited += 50
    ) {
      if (await accepts(port)) {
        ready = true;
        break;
      }
      await sleep(50);
    }
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        killGroup(child, "SIGTERM");
        const forced = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(forced);
        // Forked workers may outlive the leader by a moment.
        killGroup(child, "SIGKILL");
        running.delete(child);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    };
    if (ready) return { port, dir, stop };
    lastError = stderr;
    await stop();
  }
  throw new Error(`${spec.name} did not start: ${lastError}`);
}
