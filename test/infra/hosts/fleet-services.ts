import { execFileSync } from "node:child_process";
import { appendFile, chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "@sieve/core";
import { pollUntil, TEST_CREDENTIALS_KEY } from "@sieve/test-support/harness";
import { type HostProcess, repoRoot, spawnInHost } from "./host-process.ts";
import type { NamespaceHost } from "./namespace-network.ts";

export const JUDGE_SECRET = "across-hosts-judge-secret-0123456789";
export const API_PORT = 3000;
export const METRICS_PORT = 9100;
const JUDGE_HTTP_PORT = 8080;
const JUDGE_HTTPS_PORT = 8443;
/** Node with tsx as a loader, so a spawned pid is the script itself. */
export const nodeWithTsx = [process.execPath, "--import", "tsx"];

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function untilListening(process: HostProcess, host: string, port: number): Promise<void> {
  let exited = false;
  void process.exited.then(() => {
    exited = true;
  });
  await pollUntil(
    async () => {
      if (exited) throw new Error(`${process.name} exited:\n${process.output()}`);
      return tcpAnswers(host, port);
    },
    `${process.name} listening on ${host}:${port}`,
    { timeoutMs: 30_000 },
  );
}

export interface DatabaseHost {
  databaseUrl: string;
  redisUrl: string;
  processes: HostProcess[];
  /** Removes the data directory; call after the processes are stopped. */
  removeFiles(): Promise<void>;
}

/**
 * PostgreSQL (listening on the host's address, trusting the subnet) and Redis on one host. As
 * root, initdb and postgres run as the postgres user; setpriv keeps the pid the server's own.
 */
export async function startDatabaseHost(host: NamespaceHost, cidr: string): Promise<DatabaseHost> {
  const versions = (await readdir("/usr/lib/postgresql")).sort((a, b) => Number(b) - Number(a));
  const bin = `/usr/lib/postgresql/${versions[0]}/bin`;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  const dir = await mkdtemp(join(tmpdir(), "sieve-hosts-pg-"));
  const data = join(dir, "data");
  const processes: HostProcess[] = [];
  const removeFiles = () => rm(dir, { recursive: true, force: true });
  await chown(dir, uid, gid);
  execFileSync(
    `${bin}/initdb`,
    ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
    { stdio: "pipe", uid, gid },
  );
  await appendFile(join(data, "pg_hba.conf"), `host all all ${cidr} trust\n`);

  const asPostgres = ["/usr/bin/setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups"];
  const settings = [`listen_addresses=${host.address}`, "fsync=off", "synchronous_commit=off"];
  const postgres = spawnInHost(
    host,
    "postgres",
    [
      ...asPostgres,
      `${bin}/postgres`,
      "-D",
      data,
      "-p",
      "5432",
      "-k",
      dir,
      ...settings.flatMap((s) => ["-c", s]),
    ],
    { stopSignal: "SIGINT" },
  );
  processes.push(postgres);
  const redis = spawnInHost(host, "redis", [
    "redis-server",
    "--bind",
    host.address,
    "--port",
    "6379",
    "--protected-mode",
    "no",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  processes.push(redis);
  const started = {
    databaseUrl: `postgresql://postgres@${host.address}:5432/sieve`,
    redisUrl: `redis://${host.address}:6379`,
    processes,
    removeFiles,
  };
  try {
    await untilListening(postgres, host.address, 5432);
    await untilListening(redis, host.address, 6379);
    await pollUntil(
      () => migrateDatabase(started.databaseUrl, join(repoRoot, "prisma/migrations")).then(() => true),
      "the migrated database",
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  } catch (error) {
    await Promise.all(processes.map((process) => process.stop()));
    await removeFiles();
    throw error;
  }
  return started;
}

/** What every API and worker of the fleet shares. */
export interface FleetSettings {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** The subnet the proxy farm sits in, which the target guard must let the checker dial. */
  allowCidrs: string;
}

function sharedEnv(settings: FleetSettings): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    DATABASE_POOL_MAX: "5",
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: settings.queuePrefix,
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    CHECK_ALLOW_CIDRS: settings.allowCidrs,
    LOG_LEVEL: "info",
  };
}

/** One API replica (`apps/api/src/main.ts`) on the host's address; resolves once /healthz answers. */
export async function startApiReplica(
  host: NamespaceHost,
  settings: FleetSettings,
  env: Record<string, string>,
): Promise<{ url: string; process: HostProcess }> {
  const url = `http://${host.address}:${API_PORT}`;
  const api = spawnInHost(host, `api on ${host.name}`, [...nodeWithTsx, "apps/api/src/main.ts"], {
    env: { ...sharedEnv(settings), HOST: host.address, PORT: String(API_PORT), PUBLIC_BASE_URL: url, ...env },
  });
  let exited = false;
  void api.exited.then(() => {
    exited = true;
  });
  await pollUntil(
    async () => {
      if (exited) throw new Error(`the API on ${host.address} exited:\n${api.output()}`);
      return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok;
    },
    `the API on ${host.address}`,
    { timeoutMs: 60_000, intervalMs: 250 },
  ).catch(async (error) => {
    await api.stop();
    throw error;
  });
  return { url, process: api };
}

export interface JudgeAndFarm {
  judgeUrl: string;
  judgeHttpsUrl: string;
  /** host:port of each microsocks on the farm host. */
  proxies: { host: string; port: number }[];
  processes: HostProcess[];
}

/** The real judge and `count` microsocks SOCKS5 servers, all on the farm host's address. */
export async function startJudgeAndFarm(host: NamespaceHost, count: number): Promise<JudgeAndFarm> {
  const processes: HostProcess[] = [];
  const judge = spawnInHost(host, "judge", [...nodeWithTsx, "apps/judge/src/main.ts"], {
    env: {
      JUDGE_HOST: host.address,
      JUDGE_HTTP_PORT: String(JUDGE_HTTP_PORT),
      JUDGE_HTTPS_PORT: String(JUDGE_HTTPS_PORT),
      JUDGE_SECRET,
      LOG_LEVEL: "info",
    },
  });
  processes.push(judge);
  const proxies = Array.from({ length: count }, (_, index) => ({ host: host.address, port: 1080 + index }));
  for (const proxy of proxies) {
    const socks = spawnInHost(host, `microsocks :${proxy.port}`, [
      "microsocks",
      "-i",
      host.address,
      "-p",
      String(proxy.port),
      "-b",
      host.address,
    ]);
    processes.push(socks);
  }
  const result = {
    judgeUrl: `http://${host.address}:${JUDGE_HTTP_PORT}/`,
    judgeHttpsUrl: `https://${host.address}:${JUDGE_HTTPS_PORT}/`,
    proxies,
    processes,
  };
  try {
    await judge.waitForLine(/judge listening/, 60_000);
    for (const [index, proxy] of proxies.entries())
      await untilListening(processes[index + 1]!, proxy.host, proxy.port);
  } catch (error) {
    await Promise.all(processes.map((process) => process.stop()));
    throw error;
  }
  return result;
}

/** One worker (`apps/worker/src/main.ts`) with its metrics listener on the host's address. */
export async function startFleetWorker(
  host: NamespaceHost,
  settings: FleetSettings,
  farm: JudgeAndFarm,
  env: Record<string, string>,
): Promise<{ metricsUrl: string; process: HostProcess }> {
  const worker = spawnInHost(host, `worker on ${host.name}`, [...nodeWithTsx, "apps/worker/src/main.ts"], {
    env: {
      ...sharedEnv(settings),
      JUDGE_URL: farm.judgeUrl,
      JUDGE_HTTPS_URL: farm.judgeHttpsUrl,
      JUDGE_SECRET,
      METRICS_PORT: String(METRICS_PORT),
      METRICS_HOST: host.address,
      ...env,
    },
  });
  try {
    await worker.waitForLine(/worker consuming/, 60_000);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return { metricsUrl: `http://${host.address}:${METRICS_PORT}/metrics`, process: worker };
}
