import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, postgresAnswers } from "@sieve/core";
import { freePort } from "./free-port.ts";
import { killedOnExit, sleep } from "./killed-on-exit.ts";

const migrationsDir = new URL("../../../prisma/migrations", import.meta.url).pathname;
const DATABASE = "sieve";

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp dir, its own port and socket dir),
 * migrated, so a test can stop and restart it without touching the server other tests share.
 */
export interface PrivatePostgres {
  port: number;
  /** The migrated database. */
  url: string;
  /** Stops the server (fast shutdown: sessions are cut) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Takes the server down; `start` brings it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

const children = killedOnExit("SIGQUIT");

async function binDir(): Promise<string> {
  const versions = (await readdir("/usr/lib/postgresql")).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("no PostgreSQL under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** initdb and postgres refuse to run as root; as root, they run as the postgres user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  return { uid: id("-u"), gid: id("-g") };
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  const immediate = setTimeout(() => child.kill("SIGQUIT"), 10_000);
  await exited;
  clearTimeout(immediate);
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await binDir();
  const user = serverUser();
  const dir = await mkdtemp(join(tmpdir(), "sieve-pg-"));
  const data = join(dir, "data");
  try {
    if (user) await chown(dir, user.uid, user.gid);
    execFileSync(
      `${bin}/initdb`,
      ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
      { stdio: "pipe", ...user },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const launch = async (port: number): Promise<ChildProcess> => {
    const args = ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"];
    for (const setting of ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]) {
      args.push("-c", setting);
    }
    const child = spawn(`${bin}/postgres`, args, { stdio: ["ignore", "ignore", "pipe"], ...user });
    children.track(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    for (let waited = 0; waited < 20_000 && child.exitCode === null; waited += 100) {
      if (await postgresAnswers(adminUrl)) return child;
      await sleep(100);
    }
    await halt(child);
    throw new Error(`postgres did not start on port ${port}: ${stderr}`);
  };

  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 4 && !child; attempt += 1) {
    port = await freePort();
    child = await launch(port).catch(() => undefined);
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw new Error("postgres did not start on any port");
  }
  let server: ChildProcess = child;
  const url = `postgresql://postgres@127.0.0.1:${port}/${DATABASE}`;
  let stopping: Promise<void> | undefined;
  const cluster: PrivatePostgres = {
    port,
    url,
    halt: () => halt(server),
    async start() {
      server = await launch(port);
    },
    async restart() {
      await halt(server);
      server = await launch(port);
    },
    stop: () => {
      stopping ??= (async () => {
        await halt(server);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  try {
    await migrateDatabase(url, migrationsDir);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
