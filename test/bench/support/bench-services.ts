import { randomBytes } from "node:crypto";
import { type PrivateRedis, startPrivateRedis } from "@sieve/test-support/harness";
import { type JudgeProcess, startJudgeProcess, stopChild } from "../probe/child-process.ts";
import { type ApiProcess, startApiProcess } from "./api-process.ts";
import { type BenchDatabase, createBenchDatabase } from "./bench-database.ts";
import { serverUrl } from "./bench-server.ts";

/** What a benchmark started, stopped in reverse order by `cleanUp`; its database is dropped last. */
export class BenchStoppers {
  private readonly stops: (() => Promise<void>)[] = [];
  database: BenchDatabase | undefined;

  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** For `runBench`: never throws, so everything after a failed stop is still stopped. */
  readonly cleanUp = async (): Promise<void> => {
    for (const stop of this.stops.reverse()) await stop().catch(() => {});
    await this.database
      ?.drop()
      .catch((error: unknown) => console.error("could not drop the bench database", error));
  };
}

/**
 * One load generator on loopback would run into the free tier's limits at once: lifted, so a
 * benchmark measures the work rather than the limits.
 */
export const LIFTED_RATE_LIMITS = {
  RATE_LIMIT_API_CHECK_FREE: "1000000000",
  RATE_LIMIT_API_READ_FREE: "1000000000",
  RATE_LIMIT_IP_PER_MINUTE: "1000000000",
};

/** A judge as a worker reaches it. */
export type BenchJudge = Omit<JudgeProcess, "child">;

export interface BenchServices {
  redis: PrivateRedis;
  database: BenchDatabase;
  api: ApiProcess;
  judge: BenchJudge;
  /** The API's and the workers' queue prefix in Redis. */
  prefix: string;
  /** A worker's environment: what the API has too, the judge, every probe timeout at `timeoutMs`. */
  workerEnv(timeoutMs: number, extra?: Record<string, string>): Record<string, string>;
}

/**
 * A private Redis, a bench database named `name` with `rows` listed proxies, the judge (or the
 * one given) and the real API in a child process, each added to `stoppers`. The API logs warnings
 * only and runs with `LIFTED_RATE_LIMITS` and `apiEnv`.
 */
export async function startBenchServices(
  stoppers: BenchStoppers,
  options: {
    name: string;
    rows?: number;
    log?: (line: string) => void;
    judge?: BenchJudge;
    apiEnv?: Record<string, string>;
    /** Node options of the API process (`--cpu-prof …`). */
    apiNodeArgs?: readonly string[];
  },
): Promise<BenchServices> {
  const redis = await startPrivateRedis();
  stoppers.add(() => redis.stop());
  let judge = options.judge;
  if (!judge) {
    const { child, ...started } = await startJudgeProcess("bench-judge-secret-0123456789");
    stoppers.add(() => stopChild(child));
    judge = started;
  }
  const database = await createBenchDatabase({
    serverUrl,
    name: options.name,
    rows: options.rows ?? 0,
    log: options.log ?? (() => {}),
  });
  stoppers.database = database;
  const prefix = `${options.name.replaceAll("_", "-")}-${process.pid}`;
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
  };
  const api = await startApiProcess(
    {
      ...shared,
      LOG_LEVEL: "warn",
      ...LIFTED_RATE_LIMITS,
      ...options.apiEnv,
    },
    options.apiNodeArgs,
  );
  stoppers.add(() => api.stop());
  const { httpUrl, httpsUrl, secret } = judge;
  return {
    redis,
    database,
    api,
    judge,
    prefix,
    workerEnv: (timeoutMs, extra) => ({
      ...shared,
      JUDGE_URL: httpUrl,
      JUDGE_HTTPS_URL: httpsUrl,
      JUDGE_SECRET: secret,
      PROBE_CONNECT_TIMEOUT_MS: String(timeoutMs),
      PROBE_HANDSHAKE_TIMEOUT_MS: String(timeoutMs),
      PROBE_TOTAL_TIMEOUT_MS: String(timeoutMs),
      // A few loopback addresses carry every line: pacing per destination would measure the policy.
      DESTINATION_PROBES_PER_SECOND: "0",
      ...extra,
    }),
  };
}
