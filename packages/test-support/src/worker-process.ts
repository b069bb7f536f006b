import { type ChildProcess, spawn } from "node:child_process";
import { TEST_CREDENTIALS_KEY } from "./api-server.ts";
import type { RunningJudge } from "./judge-server.ts";

const repoRoot = new URL("../../..", import.meta.url).pathname;
const READY_MESSAGE = "worker consuming";
const START_TIMEOUT_MS = 30_000;

export interface WorkerProcessOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** The test API's queue prefix, so this worker serves its jobs and nobody else's. */
  queuePrefix: string;
  judge: RunningJudge;
  /** Overrides of the defaults below, e.g. concurrency or SHUTDOWN_GRACE_MS. */
  env?: Record<string, string>;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  pid: number;
  /** The JSON log lines the worker wrote so far. */
  logs: Record<string, unknown>[];
  /** The last of its raw output, for failure messages. */
  output(): string;
  exited: Promise<WorkerExit>;
  signal(signal: NodeJS.Signals): void;
  /** Kills the worker outright if it still runs and waits for it; safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * How worker processes in tests probe and take work: short timeouts, small concurrency and
 * batches, so a job spreads over several chunks and workers, and a killed or cut-off worker's
 * chunks go to the others after seconds rather than BullMQ's default 30 s.
 */
export const TEST_WORKER_TIMING = {
  PROBE_CONNECT_TIMEOUT_MS: "3000",
  PROBE_HANDSHAKE_TIMEOUT_MS: "3000",
  PROBE_TOTAL_TIMEOUT_MS: "3000",
  RECONCILE_EVERY_MS: "1000",
  WORKER_STALL_MS: "4000",
  WORKER_CHUNK_CONCURRENCY: "2",
  WORKER_PROBE_CONCURRENCY: "4",
  WORKER_RESULT_BATCH: "2",
};

/**
 * The real worker (`apps/worker/src/main.ts`) as a process of its own, so tests can kill it,
 * signal it and run several side by side. Resolves once it consumes its queues.
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_MAX: "5",
      REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: options.queuePrefix,
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      JUDGE_URL: options.judge.httpUrl,
      JUDGE_HTTPS_URL: options.judge.httpsUrl,
      JUDGE_SECRET: options.judge.secret,
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
      ...TEST_WORKER_TIMING,
      DESTINATION_PROBES_PER_SECOND: "10000",
      SHUTDOWN_GRACE_MS: "20000",
      // Info, not warn: the line saying the worker consumes is how tests know it is ready.
      LOG_LEVEL: "info",
      ...options.env,
    },
  });
  running.add(child);
  const logs: Record<string, unknown>[] = [];
  let raw = "";
  let partial = "";
  let onReady: (() => void) | undefined;
  child.stdout?.on("data", (chunk: Buffer) => {
    raw = (raw + chunk.toString()).slice(-20_000);
    partial += chunk.toString();
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.message === READY_MESSAGE) onReady?.();
      } catch {
        // Not a log line (a stack trace, say): kept in the raw output only.
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    raw = (raw + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<WorkerExit>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  let stopping: Promise<void> | undefined;
  const worker: WorkerProcess = {
    pid: child.pid ?? -1,
    logs,
    output: () => raw,
    exited,
    signal: (signal) => void child.kill(signal),
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      })();
      return stopping;
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<"ready">((resolve) => {
      onReady = () => resolve("ready");
    }),
    exited.then(() => "exited" as const),
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), START_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    await worker.stop();
    throw new Error(`worker process did not start (${outcome}):\n${raw}`);
  }
  return worker;
}

/** Stops every worker given, ignoring those never started. */
export async function stopWorkers(workers: (WorkerProcess | undefined)[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker?.stop()));
}
