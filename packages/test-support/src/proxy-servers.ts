import { execFile } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { uniqueLoopbackAddress } from "./loopback-addresses.ts";
import { startServerProcess } from "./server-process.ts";

const run = promisify(execFile);

/**
 * Real proxy servers on loopback for tests and benchmarks. Each listens on 127.0.0.1 on a free
 * port and leaves from its own 127.x address, so the judge sees a distinct exit IP per proxy.
 */
export interface RunningProxy {
  kind: "squid" | "tinyproxy" | "dante" | "microsocks";
  host: string;
  port: number;
  /** The address the proxy's outgoing connections come from. */
  exitAddress: string;
  stop(): Promise<void>;
}

/** transparent: passes the client address on; anonymous: says it is a proxy; elite: neither. */
export type HttpProxyAnonymity = "transparent" | "anonymous" | "elite";

interface CommonOptions {
  exitAddress?: string;
  /** Open-files limit for the server process; benchmarks with thousands of connections raise it. */
  openFiles?: number;
}

const squidHeaderPolicy: Record<HttpProxyAnonymity, string[]> = {
  transparent: ["forwarded_for on", "via on"],
  anonymous: ["forwarded_for delete", "via on"],
  elite: ["forwarded_for delete", "via off"],
};

/** Squid forwarding plain HTTP and CONNECT tunnels, optionally behind Basic proxy authentication. */
export async function startSquid(
  options: CommonOptions & {
    anonymity: HttpProxyAnonymity;
    credentials?: { username: string; password: string };
  },
): Promise<RunningProxy> {
  const exitAddress = options.exitAddress ?? uniqueLoopbackAddress();
  const openFiles = options.openFiles ?? 4096;
  const server = await startServerProcess({
    name: "squid",
    openFiles,
    async prepare(dir, port) {
      // Squid drops to its own user, which must write its log and pid files.
      await chmod(dir, 0o777);
      const access = options.credentials
        ? await squidBasicAuth(dir, options.credentials)
        : ["http_access allow all"];
      const config = [
        `http_port 127.0.0.1:${port}`,
        `tcp_outgoing_address ${exitAddress}`,
        ...access,
        ...squidHeaderPolicy[options.anonymity],
        `pid_filename ${join(dir, "squid.pid")}`,
        `cache_log ${join(dir, "cache.log")}`,
        "access_log none",
        "cache deny all",
        "cache_mem 8 MB",
        "pinger_enable off",
        "shutdown_lifetime 0 seconds",
        `coredump_dir ${dir}`,
        `max_filedescriptors ${openFiles}`,
        "dns_nameservers 127.0.0.1",
      ];
      const file = join(dir, "squid.conf");
      await writeFile(file, `${config.join("\n")}\n`);
      return { command: "squid", args: ["-N", "-f", file] };
    },
  });
  return { kind: "squid", host: "127.0.0.1", port: server.port, exitAddress, stop: server.stop };
}

/** Squid's own NCSA helper over an htpasswd file (the APR1 hash comes from openssl). */
async function squidBasicAuth(
  dir: string,
  credentials: { username: string; password: string },
): Promise<string[]> {
  const { stdout } = await run("openssl", ["passwd", "-apr1", credentials.password]);
  const file = join(dir, "passwords");
  await writeFile(file, `${credentials.username}:${stdout.trim()}\n`, { mode: 0o644 });
  return [
    `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${file}`,
    "auth_param basic children 2",
    "auth_param basic realm sieve-test",
    "acl authenticated proxy_auth REQUIRED",
    "http_access allow authenticated",
    "http_access deny all",
  ];
}

const tinyproxyHeaderPolicy: Record<HttpProxyAnonymity, string[]> = {
  transparent: ["XTinyproxy Yes"],
  anonymous: [],
  elite: ["DisableViaHeader Yes"],
};

/** Tinyproxy forwarding plain HTTP and CONNECT tunnels, optionally behind Basic proxy authentication. */
export async function startTinyproxy(
  options: CommonOptions & {
    anonymity: HttpProxyAnonymity;
    maxClients?: number;
    credentials?: { username: string; password: string };
  },
): Promise<RunningProxy> {
  const exitAddress = options.exitAddress ?? uniqueLoopbackAddress();
  const server = await startServerProcess({
    name: "tinyproxy",
    openFiles: options.openFiles,
    async prepare(dir, port) {
      await chmod(dir, 0o777);
      const config = [
        "User nobody",
        "Group nogroup",
        `Port ${port}`,
        "Listen 127.0.0.1",
        `Bind ${exitAddress}`,
        "Timeout 60",
        `MaxClients ${options.maxClients ?? 100}`,
        "LogLevel Critical",
        `PidFile "${join(dir, "tinyproxy.pid")}"`,
        "Allow 127.0.0.1",
        ...tinyproxyHeaderPolicy[options.anonymity],
        ...(options.credentials
          ? [`BasicAuth ${options.credentials.username} ${options.credentials.password}`]
          : []),
      ];
      const file = join(dir, "tinyproxy.conf");
      await writeFile(file, `${config.join("\n")}\n`);
      return { command: "tinyproxy", args: ["-d", "-c", file] };
    },
  });
  return { kind: "tinyproxy", host: "127.0.0.1", port: server.port, exitAddress, stop: server.stop };
}

/** Dante speaking SOCKS4, SOCKS4a and SOCKS5 without authentication. */
export async function startDante(options: CommonOptions = {}): Promise<RunningProxy> {
  const exitAddress = options.exitAddress ?? uniqueLoopbackAddress();
  const server = await startServerProcess({
    name: "dante",
    openFiles: options.openFiles,
    async prepare(dir, port) {
      const config = [
        `logoutput: ${join(dir, "danted.log")}`,
        `internal: 127.0.0.1 port = ${port}`,
        `external: ${exitAddress}`,
        "clientmethod: none",
        "socksmethod: none",
        "user.privileged: root",
        "user.unprivileged: nobody",
        "client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }",
        "socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }",
      ];
      const file = join(dir, "danted.conf");
      await writeFile(file, `${config.join("\n")}\n`);
      return { command: "danted", args: ["-f", file, "-p", join(dir, "danted.pid")] };
    },
  });
  return { kind: "dante", host: "127.0.0.1", port: server.port, exitAddress, stop: server.stop };
}

/** microsocks: SOCKS5 only, optionally requiring username and password. */
export async function startMicrosocks(
  options: CommonOptions & { credentials?: { username: string; password: string } } = {},
): Promise<RunningProxy> {
  const exitAddress = options.exitAddress ?? uniqueLoopbackAddress();
  const auth = options.credentials
    ? ["-u", options.credentials.username, "-P", options.credentials.password]
    : [];
  const server = await startServerProcess({
    name: "microsocks",
    openFiles: options.openFiles,
    prepare: async (_dir, port) => ({
      command: "microsocks",
      args: ["-i", "127.0.0.1", "-p", String(port), "-b", exitAddress, ...auth],
    }),
  });
  return { kind: "microsocks", host: "127.0.0.1", port: server.port, exitAddress, stop: server.stop };
}
