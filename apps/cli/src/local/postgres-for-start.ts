import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readLocalSecrets } from "@sieve/core";
import { updateLocalSecrets } from "../local-secrets.ts";
import {
  clusterExists,
  EmbeddedPostgresRefused,
  embeddedDatabaseUrl,
  newDatabasePassword,
  startEmbeddedPostgres,
} from "./embedded-postgres.ts";
import { accepts } from "./local-service.ts";
import type { Supervisor } from "./supervisor.ts";

export type EmbeddedMode = "auto" | "true" | "false";

/**
 * Whether `pnpm start` runs its own PostgreSQL. `auto`: when DATABASE_URL is unset and either an
 * embedded cluster already holds this checkout's data (so a PostgreSQL appearing later at the
 * default address does not hide it) or nothing answers at the default address.
 */
export async function wantsEmbeddedPostgres(input: {
  mode: EmbeddedMode;
  databaseUrlSet: boolean;
  clusterExists: boolean;
  defaultAnswers: () => Promise<boolean>;
}): Promise<boolean> {
  if (input.mode === "true") {
    if (input.databaseUrlSet) {
      throw new EmbeddedPostgresRefused(
        "SIEVE_EMBEDDED_POSTGRES=true runs Sieve's own PostgreSQL, so DATABASE_URL must be unset",
      );
    }
    return true;
  }
  if (input.mode === "false" || input.databaseUrlSet) return false;
  return input.clusterExists || !(await input.defaultAnswers());
}

/** The pid of a PostgreSQL still running on `clusterDir` (a start killed outright leaves it), if any. */
async function runningPostmaster(clusterDir: string): Promise<number | undefined> {
  const text = await readFile(join(clusterDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  if (!(pid > 0)) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}

function passwordOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The DATABASE_URL the started processes use: the configured one, or that of the embedded
 * PostgreSQL, started here (data in `<data dir>/postgres`) and kept in the local secrets file so
 * processes started alone find it too.
 */
export async function postgresForStart(options: {
  mode: EmbeddedMode;
  /** DATABASE_URL as the environment gives it, before any default. */
  databaseUrlSet: boolean;
  databaseUrl: string;
  port: number;
  dataDir: string;
  secretsFile: string;
  supervisor: Supervisor;
}): Promise<string> {
  const clusterDir = join(options.dataDir, "postgres");
  const exists = await clusterExists(clusterDir);
  const defaultServer = new URL(options.databaseUrl);
  const embedded = await wantsEmbeddedPostgres({
    mode: options.mode,
    databaseUrlSet: options.databaseUrlSet,
    clusterExists: exists,
    defaultAnswers: () => accepts(defaultServer.hostname, Number(defaultServer.port || 5432)),
  });
  if (!embedded) return options.databaseUrl;

  const kept = passwordOf(readLocalSecrets(options.secretsFile)?.DATABASE_URL);
  if (exists && kept === undefined) {
    throw new EmbeddedPostgresRefused(
      `the embedded PostgreSQL in ${clusterDir} has no password in ${options.secretsFile}: ` +
        `restore that file, or remove ${clusterDir} to start with an empty database`,
    );
  }
  const leftOver = await runningPostmaster(clusterDir);
  if (leftOver !== undefined) {
    throw new EmbeddedPostgresRefused(
      `the embedded PostgreSQL of an earlier start still runs (pid ${leftOver}, ${join(clusterDir, "postmaster.pid")}): ` +
        `stop it (kill ${leftOver}), then start again`,
    );
  }
  if (await accepts("127.0.0.1", options.port)) {
    throw new EmbeddedPostgresRefused(
      `127.0.0.1:${options.port}, the embedded PostgreSQL's port, is in use by another program: set SIEVE_EMBEDDED_POSTGRES_PORT`,
    );
  }
  const password = kept ?? newDatabasePassword();
  const url = embeddedDatabaseUrl(options.port, password);
  // Kept before the first start, so a cluster made with this password is never left without it.
  await updateLocalSecrets(options.secretsFile, { DATABASE_URL: url });
  console.log(
    `${exists ? "starting" : "creating"} Sieve's own PostgreSQL on 127.0.0.1:${options.port} (data in ${clusterDir})`,
  );
  const service = await startEmbeddedPostgres({
    dataDir: clusterDir,
    port: options.port,
    password,
    logFile: join(options.dataDir, "postgres.log"),
  });
  options.supervisor.addService(service);
  return url;
}
