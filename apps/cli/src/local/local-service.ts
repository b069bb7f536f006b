import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";

/** A server `pnpm start` started itself, and so may stop. */
export interface LocalService {
  name: string;
  /** Settles when the server exits, for whatever reason. */
  exited: Promise<void>;
  /** Asks the server to stop cleanly and waits until it has; safe to call twice. */
  stop(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when something accepts TCP connections at host:port. */
export function accepts(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Wraps a started child: `stop` sends `signal` once and waits for the exit. */
export function serviceOf(name: string, child: ChildProcess, signal: NodeJS.Signals): LocalService {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    name,
    exited,
    stop() {
      if (!stopping) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        stopping = exited;
      }
      return stopping;
    },
  };
}
