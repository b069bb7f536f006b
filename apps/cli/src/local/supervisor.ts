import { type ChildProcess, spawn } from "node:child_process";
import type { LocalService } from "./local-service.ts";

/**
 * What `pnpm start` runs, and the order it stops them in: the apps first (each drains on SIGTERM),
 * then, once every app has exited, the servers it started for them (Redis, PostgreSQL), newest
 * first, so a draining worker can still write its last results. Only what it started is stopped.
 */
export interface Supervisor {
  readonly stopping: boolean;
  /** A server to stop after the apps; if it dies on its own, everything stops. */
  addService(service: LocalService): void;
  /** Runs a TypeScript entry point of the checkout; if it exits on its own, everything stops. */
  /** Runs `entry` under tsx, with `nodeArgs` (V8 flags) before it. */
  runApp(
    name: string,
    entry: string,
    env: Record<string, string | undefined>,
    nodeArgs?: string[],
  ): ChildProcess;
  /** Stops everything in order, then calls `onStopped` with the exit code; safe to call twice. */
  stop(exitCode: number): void;
}

export function createSupervisor(onStopped: (exitCode: number) => void): Supervisor {
  const services: LocalService[] = [];
  const apps: ChildProcess[] = [];
  let stopping = false;

  async function stopInOrder(exitCode: number): Promise<void> {
    await Promise.all(
      apps.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    for (const service of [...services].reverse()) await service.stop();
    onStopped(exitCode);
  }

  const supervisor: Supervisor = {
    get stopping() {
      return stopping;
    },
    addService(service) {
      services.push(service);
      void service.exited.then(() => {
        if (stopping) return;
        console.error(`${service.name} exited; stopping the others`);
        supervisor.stop(1);
      });
    },
    runApp(name, entry, env, nodeArgs = []) {
      const child = spawn(process.execPath, ["--import", "tsx", ...nodeArgs, entry], {
        stdio: "inherit",
        env,
      });
      apps.push(child);
      child.once("exit", (code, signal) => {
        if (stopping) return;
        console.error(`${name} exited (${signal ?? `code ${code}`}); stopping the others`);
        supervisor.stop(1);
      });
      return child;
    },
    stop(exitCode) {
      if (stopping) return;
      stopping = true;
      void stopInOrder(exitCode);
    },
  };
  return supervisor;
}
