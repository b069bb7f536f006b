import type { ChildProcess } from "node:child_process";
import { spawnWithManyFiles, stopChild } from "../probe/child-process.ts";
import { WORKER_NODE_ARGS } from "../support/worker-node-args.ts";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface WorkerFleet {
  pids: number[];
  /** Warning and error log lines the workers wrote, e.g. failed chunk attempts. */
  warnings(): string[];
  /** SIGTERM, then SIGKILL for any still running after a few seconds; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * `count` real worker processes (`node --import tsx apps/worker/src/main.ts`, so each pid is the
 * worker itself) with the open-files limit raised; resolves once every one has logged
 * `readyMessage`. `extraNodeArgs` is for profiling, e.g. `--cpu-prof`.
 */
export async function startWorkerFleet(
  count: number,
  env: Record<string, string>,
  extraNodeArgs: string[] = [],
  readyMessage = "worker consuming",
): Promise<WorkerFleet> {
  const children: ChildProcess[] = [];
  const warnings: string[] = [];
  const ready = Array.from({ length: count }, () => {
    const child = spawnWithManyFiles(
      process.execPath,
      [...extraNodeArgs, "--import", "tsx", ...WORKER_NODE_ARGS, "apps/worker/src/main.ts"],
      { LOG_LEVEL: "info", ...env },
    );
    children.push(child);
    return new Promise<void>((resolve, reject) => {
      let partial = "";
      const timer = setTimeout(
        () => reject(new Error("a worker did not start within 60 s")),
        START_TIMEOUT_MS,
      );
      child.stdout?.on("data", (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          if (line.includes(readyMessage)) {
            clearTimeout(timer);
            resolve();
          } else if (/"level":"(warn|error)"/.test(line)) warnings.push(line);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`a worker exited with code ${code} before it was ready`));
      });
    });
  });
  let stopping: Promise<void> | undefined;
  const fleet: WorkerFleet = {
    pids: children.map((child) => child.pid ?? -1),
    warnings: () => warnings,
    stop: () => {
      stopping ??= Promise.all(children.map((child) => stopChild(child, STOP_TIMEOUT_MS))).then(
        () => undefined,
      );
      return stopping;
    },
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}
