import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestAccount, freePort, test as sieveTest } from "@sieve/test-support";
import { runSieveClient } from "./run-sieve-client.ts";

/**
 * The fixtures of sieve-client's tests. A loopback list over the real proxy farm: three working
 * proxies, a port nobody listens on, and a documentation address the guard answers `blocked`
 * without dialling it. The API lets loopback through the guard, where the farm and the hanging
 * target listen.
 */
export const test = sieveTest
  .extend("apiEnv", { scope: "file" }, { CHECK_ALLOW_CIDRS: "127.0.0.0/8" })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend("folder", { scope: "file" }, async ({}, { onCleanup }) => {
    const folder = await mkdtemp(join(tmpdir(), "sieve-client-"));
    onCleanup(() => rm(folder, { recursive: true, force: true }));
    return folder;
  })
  .extend("lines", { scope: "file" }, async ({ proxyFarm }) => {
    const { squid, tinyproxy, dante } = proxyFarm;
    return [
      `http://127.0.0.1:${squid.port}`,
      `127.0.0.1:${tinyproxy.port}`,
      `socks5://127.0.0.1:${dante.port}`,
      `127.0.0.1:${await freePort()}`,
      "192.0.2.44:8080",
    ];
  })
  // Each test its own account: a free account's export quota is a few an hour.
  .extend("user", ({ database }) => createTestAccount(database.prisma))
  .extend("env", ({ api, user }) => ({ SIEVE_API_URL: `${api.url}/api/v1`, SIEVE_API_KEY: user.key }))
  // `sieve-client check - <args…>` with the list piped in, while the worker runs.
  .extend(
    "checkList",
    ({ env, lines, worker: _worker }) =>
      (args: string[], runEnv: Record<string, string> = env) =>
        runSieveClient(["check", "-", ...args], runEnv, lines.join("\n")),
  );

export interface CheckJson {
  job: { job_id: string; status: string; total: number; done: number; counts: Record<string, number> };
  out: string | null;
  export: string | null;
}
