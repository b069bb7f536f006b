import { type ChildProcess, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ApiProcess {
  url: string;
  pid: number;
  /** VmRSS and VmHWM of the API process, in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Resets VmHWM to the current RSS; false where the kernel does not allow it. */
  resetPeak(): Promise<boolean>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * The real API (apps/api/src/main.ts) in a child process. Node runs it with tsx as a loader
 * rather than through the tsx CLI, so the pid is the server itself and its RSS is the API's own.
 */
export async function startApiProcess(env: Record<string, string>, root: string): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

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
    async memory() {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      const kib = (field: string) =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) * 1024;
      return { rss: kib("VmRSS"), peak: kib("VmHWM") };
    },
    async resetPeak() {
      try {
        await writeFile(`/proc/${pid}/clear_refs`, "5");
        return true;
      } catch {
        return false;
      }
    },
    stop,
  };
}
