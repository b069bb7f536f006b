import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "@sieve/core";
import { DashboardClient } from "@sieve/test-support/harness";
import pg from "pg";
import { startApiProcess } from "./support/api-process.ts";
import { createBenchDatabase } from "./support/bench-database.ts";
import { log, serverUrl } from "./support/bench-server.ts";
import { BenchStoppers } from "./support/bench-services.ts";
import { fixed, median, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * Issue 10's server figures: a dashboard sign-in at the chosen Argon2id parameters (19 MiB, t=2,
 * p=1) beside a bare Argon2 verify in this process, and an authenticated `GET /me` beside an
 * unauthenticated `/healthz`, all measured one request at a time on loopback in the same run.
 */
const SIGNINS = 30;
const PAGES = 300;
const WARMUP = 5;
const SIGNIN_TARGET_MS = 300;
const ME_TARGET_MS = 25;
const BENCH_DEADLINE_MS = 5 * 60_000;
const PASSWORD = "a long benchmark password";

const stoppers = new BenchStoppers();

async function timed(count: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
const describe = (values: number[]) => `p50 ${fixed(median(values), 1)} ms, p95 ${fixed(p95(values), 1)} ms`;

function expectStatus(response: Response, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}, expected ${status}`);
}

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp: stoppers.cleanUp }, async () => {
  const database = await createBenchDatabase({
    serverUrl,
    name: `sieve_bench_signin_${randomBytes(4).toString("hex")}`,
    rows: 0,
    log,
  });
  stoppers.database = database;
  const passwordHash = await hashPassword(PASSWORD);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(
    `INSERT INTO accounts (id, email, role, status, password_hash, email_verified_at)
     VALUES (gen_random_uuid(), 'signin-bench@example.test', 'user', 'active', $1, now())`,
    [passwordHash],
  );
  await client.end();

  const api = await startApiProcess({
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    QUEUE_PREFIX: "sieve-bench",
    SIGNIN_FAILURES_PER_IP: "1000000",
  });
  stoppers.add(() => api.stop());

  const browser = new DashboardClient(api.url);
  const signIn = async () => {
    expectStatus(await browser.signIn("signin-bench@example.test", PASSWORD), 200, "sign-in");
  };
  const me = async () => {
    const response = await browser.dash("GET", "/me");
    expectStatus(response, 200, "GET /me");
    await response.arrayBuffer();
  };
  const healthz = async () => {
    const response = await fetch(`${api.url}/healthz`);
    expectStatus(response, 200, "/healthz");
    await response.arrayBuffer();
  };

  log(`warm-up: ${WARMUP} of each`);
  await timed(WARMUP, signIn);
  await timed(WARMUP, me);
  await timed(WARMUP, healthz);
  await timed(WARMUP, () => verifyPassword(passwordHash, PASSWORD).then(() => {}));

  const argon = await timed(SIGNINS, () => verifyPassword(passwordHash, PASSWORD).then(() => {}));
  log(`bare Argon2id verify: ${describe(argon)}`);
  const signInSamples: number[] = [];
  for (let i = 0; i < SIGNINS; i++) {
    const started = performance.now();
    const response = await browser.dash("POST", "/auth/signin", {
      email: "signin-bench@example.test",
      password: PASSWORD,
    });
    expectStatus(response, 200, "sign-in");
    await response.arrayBuffer();
    signInSamples.push(performance.now() - started);
    await browser.refreshCsrf();
  }
  log(`sign-in: ${describe(signInSamples)}`);
  const health = await timed(PAGES, healthz);
  log(`/healthz: ${describe(health)}`);
  const mePages = await timed(PAGES, me);
  log(`GET /me (session): ${describe(mePages)}`);

  log("");
  log(
    renderTable([
      {
        figure: `sign-in (Argon2id 19 MiB, t=2, p=1), ${SIGNINS} sequential`,
        measured: describe(signInSamples),
        floor: `bare verify ${fixed(median(argon), 1)} ms`,
        target: `p50 <= ${SIGNIN_TARGET_MS} ms`,
        pass: median(signInSamples) <= SIGNIN_TARGET_MS,
      },
      {
        figure: `GET /api/v1/dashboard/me, ${PAGES} sequential`,
        measured: describe(mePages),
        floor: `/healthz ${fixed(median(health), 1)} ms`,
        target: `p50 <= ${ME_TARGET_MS} ms`,
        pass: median(mePages) <= ME_TARGET_MS,
      },
    ]),
  );
});
