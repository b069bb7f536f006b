import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, ensureBootstrapAdmin, migrateDatabase } from "@sieve/core";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { buildDashboardIfStale } from "./dashboard-build.ts";
import { EmbeddedPostgresRefused } from "./local/embedded-postgres.ts";
import { takenPorts } from "./local/free-ports.ts";
import { postgresForStart } from "./local/postgres-for-start.ts";
import { redisForStart } from "./local/redis-for-start.ts";
import { createSupervisor } from "./local/supervisor.ts";
import { localJudgeEnv } from "./local-judge-env.ts";
import { loadOrCreateLocalSecrets, localPaths } from "./local-secrets.ts";
import { postgresProblem } from "./preflight.ts";
import { StartConfig } from "./start-config.ts";

// A young generation of 64 MB, as package.json's worker script and infra/ run it: a worker's
// probes in flight allocate fast, and at the default size garbage collection cost it a seventh of
// its CPU (docs/benchmarks.md, check-jobs).
const WORKER_NODE_ARGS = ["--max-semi-space-size=64"];
// The API the other way, 8 MB instead of 16: a streamed export's buffers are freed sooner, its peak
// memory falls by about 30 MB, and list reads measured no slower (docs/benchmarks.md, list-api).
const API_NODE_ARGS = ["--max-semi-space-size=8"];

/**
 * Everything Sieve needs on one machine, once `start.ts` holds the start lock: finds or starts
 * PostgreSQL and Redis, applies migrations, makes sure an admin exists, then runs the judge, the
 * API and a worker as child processes until interrupted. In production each runs as its own
 * deployment instead.
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));
const supervisor = createSupervisor((exitCode) => process.exit(exitCode));

/** Waits until `url` answers below 500, or the child exits. */
async function waitUntilAnswering(url: string, alive: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 300 && alive(); attempt++) {
    const healthy = await fetch(url).then(
      (response) => response.status < 500,
      () => false,
    );
    if (healthy) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function createAdminOnce(databaseUrl: string): Promise<void> {
  const database = createDatabase({ url: databaseUrl, poolMax: 1 });
  try {
    const admin = await ensureBootstrapAdmin(database.prisma);
    if (admin) {
      console.log(`\nCreated the admin account ${admin.account.email}. Its API key, shown only this once:\n`);
      console.log(`    ${admin.key}\n`);
      console.log(
        `To sign in to the dashboard, give it a password: pnpm sieve account password ${admin.account.id}\n`,
      );
    }
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const { dataDir, secretsFile } = localPaths();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => supervisor.stop(0));
  /** Stops what was started so far, then exits 1 with `lines`. */
  const refuse = (lines: string[]): void => {
    for (const line of lines) console.error(line);
    supervisor.stop(1);
  };

  const config = parseConfig(StartConfig, process.env);
  const judgePorts = { http: config.JUDGE_HTTP_PORT, https: config.JUDGE_HTTPS_PORT };
  const taken = await takenPorts([
    { host: config.HOST, port: config.PORT, variable: "PORT" },
    { host: "127.0.0.1", port: judgePorts.http, variable: "JUDGE_HTTP_PORT" },
    { host: "127.0.0.1", port: judgePorts.https, variable: "JUDGE_HTTPS_PORT" },
  ]);
  if (taken.length > 0) return refuse(taken);

  const secrets = await loadOrCreateLocalSecrets(secretsFile);
  // Redis first: when it cannot be had, no PostgreSQL is started for nothing.
  const redisMissing = await redisForStart({ redisUrl: config.REDIS_URL, dataDir, supervisor });
  if (redisMissing) return refuse([redisMissing]);
  const databaseUrl = await postgresForStart({
    mode: config.SIEVE_EMBEDDED_POSTGRES,
    databaseUrlSet: process.env.DATABASE_URL !== undefined,
    databaseUrl: config.DATABASE_URL,
    port: config.SIEVE_EMBEDDED_POSTGRES_PORT,
    dataDir,
    secretsFile,
    supervisor,
  });
  if (supervisor.stopping) return;
  const postgresMissing = await postgresProblem(
    databaseUrl,
    "start it (`bash infra/dev/setup-machine.sh` or your service manager), or unset DATABASE_URL and pnpm start runs its own",
  );
  if (postgresMissing) return refuse([postgresMissing]);

  const migration = await migrateDatabase(databaseUrl, `${root}prisma/migrations`);
  console.log(
    `database ready${migration.createdDatabase ? " (created)" : ""}, ${migration.applied.length} migration(s) applied`,
  );
  await createAdminOnce(databaseUrl);
  await buildDashboardIfStale(root);
  if (supervisor.stopping) return;

  const env: Record<string, string | undefined> = {
    CREDENTIALS_KEY: secrets.CREDENTIALS_KEY,
    JUDGE_SECRET: secrets.JUDGE_SECRET,
    // The worker probes through the judge started here, wherever its ports were moved.
    JUDGE_URL: `http://127.0.0.1:${judgePorts.http}/`,
    JUDGE_HTTPS_URL: `https://127.0.0.1:${judgePorts.https}/`,
    ...process.env,
    DATABASE_URL: databaseUrl,
  };
  const apiUrl = `http://${config.HOST}:${config.PORT}`;
  // The worker learns its own addresses from the judge as it starts, so the judge goes first.
  const judge = supervisor.runApp("judge", join(root, "apps/judge/src/main.ts"), localJudgeEnv(env));
  await waitUntilAnswering(`http://127.0.0.1:${judgePorts.http}/healthz`, () => judge.exitCode === null);
  if (supervisor.stopping) return;
  const api = supervisor.runApp("api", join(root, "apps/api/src/main.ts"), env, API_NODE_ARGS);
  const apiUp = await waitUntilAnswering(`${apiUrl}/healthz`, () => api.exitCode === null);
  if (supervisor.stopping) return;
  if (apiUp) console.log(`\nSieve API listening at ${apiUrl}/api/v1 (Ctrl-C stops everything)\n`);
  supervisor.runApp("worker", join(root, "apps/worker/src/main.ts"), env, WORKER_NODE_ARGS);
}

export function startSieve(): void {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof EmbeddedPostgresRefused;
    console.error(known ? (error as Error).message : error);
    // Whatever was started so far (an embedded PostgreSQL, say) is stopped before the exit.
    supervisor.stop(1);
  });
}
