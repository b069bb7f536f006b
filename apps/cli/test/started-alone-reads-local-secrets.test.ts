import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintJudgeNonce, verifyJudgeAnswer } from "@sieve/probe";
import {
  createPrivateDatabase,
  freePort,
  type PrivateDatabase,
  type PrivateRedis,
  type RunningJudge,
  startJudge,
  startPrivateRedis,
} from "@sieve/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runEntry, type StartProcess } from "./start-process.ts";

/*
 * `pnpm worker` or `pnpm judge` started beside `pnpm start`, with neither CREDENTIALS_KEY nor
 * JUDGE_SECRET set, takes the ones `pnpm start` keeps in the local secrets file.
 */

const judgeSecret = "local-secrets-judge-0123456789";
const credentialsKey = Buffer.alloc(32, 9).toString("base64");

let dir: string;
let secretsFile: string;
let database: PrivateDatabase;
let redis: PrivateRedis;
let judge: RunningJudge;
const started: StartProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sieve-started-alone-"));
  secretsFile = join(dir, "local-secrets.json");
  writeFileSync(secretsFile, JSON.stringify({ CREDENTIALS_KEY: credentialsKey, JUDGE_SECRET: judgeSecret }));
  [database, redis, judge] = await Promise.all([
    createPrivateDatabase(),
    startPrivateRedis(),
    startJudge({ secret: judgeSecret }),
  ]);
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => child.stop(20_000)));
});

afterAll(async () => {
  await Promise.all([database?.drop(), redis?.stop(), judge?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function workerEnv(extra: Record<string, string>): Promise<Record<string, string>> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `alone${Math.random().toString(36).slice(2, 8)}`,
    JUDGE_URL: judge.httpUrl,
    JUDGE_HTTPS_URL: judge.httpsUrl,
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    HEALTH_PORT: String(await freePort()),
    LOG_LEVEL: "info",
    ...extra,
  };
}

describe("a worker started alone", { timeout: 90_000 }, () => {
  it("takes CREDENTIALS_KEY and JUDGE_SECRET from the local secrets file, and is ready", async () => {
    const env = await workerEnv({ SIEVE_LOCAL_SECRETS_FILE: secretsFile });
    const worker = runEntry("apps/worker/src/main.ts", env);
    started.push(worker);

    // It asks the judge for its own addresses as it starts: with any other secret the judge refuses.
    await worker.waitForOutput("worker consuming", 60_000);
    expect((await fetch(`http://127.0.0.1:${env.HEALTH_PORT}/readyz`)).status).toBe(200);
  });

  it("without that file, says which variable it lacks and exits 1", async () => {
    const worker = runEntry(
      "apps/worker/src/main.ts",
      await workerEnv({ SIEVE_LOCAL_SECRETS_FILE: join(dir, "missing.json") }),
    );
    started.push(worker);

    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/CREDENTIALS_KEY: is required/);
  });
});

describe("a judge started alone", { timeout: 60_000 }, () => {
  it("signs its answers with the local secrets file's JUDGE_SECRET", async () => {
    const port = await freePort();
    const alone = runEntry("apps/judge/src/main.ts", {
      SIEVE_LOCAL_SECRETS_FILE: secretsFile,
      JUDGE_HOST: "127.0.0.1",
      JUDGE_HTTP_PORT: String(port),
      JUDGE_HTTPS_PORT: String(await freePort()),
      LOG_LEVEL: "info",
    });
    started.push(alone);
    await alone.waitForOutput("judge listening", 30_000);

    const nonce = mintJudgeNonce(judgeSecret, { lifetimeMs: 60_000 });
    const response = await fetch(`http://127.0.0.1:${port}/?nonce=${nonce}`);

    expect(response.status).toBe(200);
    expect(verifyJudgeAnswer(judgeSecret, await response.text(), nonce)?.nonce).toBe(nonce);
  });
});
