import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "@sieve/test-support/harness";
import { root, stopChild } from "../probe/child-process.ts";
import { processMemory, resetPeakMemory } from "./process-memory.ts";

export interface ApiProcess {
  url: string;
  pid: number;
  /** VmRSS and VmHWM of the API process, in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Resets VmHWM to the current RSS; false where the kernel does not allow it. */
  resetPeak(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The real API (apps/api/src/main.ts) in a child process. Node runs it with tsx as a loader
 * rather than through the tsx CLI, so the pid is the server itself and its RSS is the API's own.
 */
export async function startApiProcess(
  env: Record<string, string>,
  /** Node options before the script, e.g. `--cpu-prof` (which NODE_OPTIONS does not take). */
  nodeArgs: readonly string[] = [],
): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    // The young generation the API runs with everywhere (package.json's api script, infra/).
    [...nodeArgs, "--import", "tsx", "--max-semi-space-size=8", "apps/api/src/main.ts"],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child, 5000);

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited with code ${child.exitCode} before listening`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error("api did not answer /healthz within 30 s");
    }
    await sleep(200);
  }

  const pid = child.pid!;
  return {
    url,
    pid,
    memory: () => processMemory(pid),
    resetPeak: () => resetPeakMemory(pid),
    stop,
  };
}
