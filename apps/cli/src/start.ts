import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createDatabase, ensureBootstrapAdmin, migrateDatabase } from "@sieve/core";
import { ConfigError, databaseConfig, parseConfig, redisConfig } from "@sieve/vocabulary";
import { z } from "zod";
import { buildDashboardIfStale } from "./dashboard-build.ts";
import { localJudgeEnv } from "./local-judge-env.ts";
import { loadOrCreateLocalSecrets, localSecretsFile } from "./local-secrets.ts";
import { findUnreachableServices } from "./preflight.ts";

/**
 * `pnpm start`: everything Sieve needs on one machine. Checks PostgreSQL and Redis, applies
 * migrations, makes sure an admin exists, then runs the judge, the API and a worker as child
 * processes until interrupted. In production each runs as its own deployment instead.
 */

const StartConfig = z.object({
  ...databaseConfig.shape,
  ...redisConfig.shape,
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
});

const root = fileURLToPath(new URL("../../../", import.meta.url));

interface ChildSpec {
  name: string;
  entry: string;
  /** Started only once this answers, so the next process finds it up. */
  readyUrl?: string;
  env?: Record<string, string | undefined>;
  onReady?: () => void;
}

async function main(): Promise<void> {
  const config = parseConfig(StartConfig, process.env);
  const problems = await findUnreachableServices(config.DATABASE_URL, config.REDIS_URL);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }

  const migration = await migrateDatabase(config.DATABASE_URL, `${root}prisma/migrations`);
  console.log(
    `database ready${migration.createdDatabase ? " (created)" : ""}, ${migration.applied.length} migration(s) applied`,
  );
  const database = createDatabase({ url: config.DATABASE_URL, poolMax: 1 });
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

  await buildDashboardIfStale(root);

  const env = { ...(await loadOrCreateLocalSecrets(localSecretsFile(process.env))), ...process.env };
  const children: ChildProcess[] = [];
  let stopping = false;
  function stopAll(): void {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  }
  function onChildExit(name: string, code: number | null, signal: NodeJS.Signals | null): void {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? `code ${code}`}); stopping the others`);
      process.exitCode = 1;
      stopAll();
    }
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stopAll);

  const apiUrl = `http://${config.HOST}:${config.PORT}`;
  // The worker learns its own addresses from the judge as it starts, so the judge goes first.
  const processes: ChildSpec[] = [
    {
      name: "judge",
      entry: "apps/judge/src/main.ts",
      readyUrl: `http://127.0.0.1:${process.env.JUDGE_HTTP_PORT ?? 8080}/healthz`,
      env: localJudgeEnv(env),
    },
    {
      name: "api",
      entry: "apps/api/src/main.ts",
      readyUrl: `${apiUrl}/healthz`,
      onReady: () => console.log(`\nSieve API listening at ${apiUrl}/api/v1 (Ctrl-C stops everything)\n`),
    },
    { name: "worker", entry: "apps/worker/src/main.ts" },
  ];
  for (const { name, entry, readyUrl, onReady, env: childEnv } of processes) {
    if (stopping) return;
    const child = spawn(process.execPath, ["--import", "tsx", `${root}${entry}`], {
      stdio: "inherit",
      env: childEnv ?? env,
    });
    child.once("exit", (code, signal) => onChildExit(name, code, signal));
    children.push(child);
    if (readyUrl && (await waitUntilAnswering(readyUrl, child))) onReady?.();
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<boolean> {
  for (let attempt = 0; attempt < 150 && child.exitCode === null; attempt++) {
    const healthy = await fetch(url).then(
      (response) => response.status < 500,
      () => false,
    );
    if (healthy) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
