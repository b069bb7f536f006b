import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTestAccount,
  freePort,
  insertProxies,
  jsonBody,
  test as sieveTest,
  submitCheckJob,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { runSieveClient, runSieveClientOnTerminal } from "./run-sieve-client.ts";

/**
 * A loopback list over the real proxy farm: three working proxies, a port nobody listens on, and a
 * documentation address the guard answers `blocked` without dialling it.
 */
const test = sieveTest
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
  .extend("env", ({ api, user }) => ({ SIEVE_API_URL: `${api.url}/api/v1`, SIEVE_API_KEY: user.key }));

// The farm is on loopback, which the guard refuses unless told otherwise.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

interface CheckJson {
  job: { job_id: string; status: string; total: number; done: number; counts: Record<string, number> };
  out: string | null;
  export: string | null;
}

describe("sieve-client check", () => {
  test("on a terminal, shows the bar up to 100 % and writes the same export as the API's", async ({
    api,
    user,
    env,
    lines,
    folder,
    worker: _worker,
  }) => {
    const list = join(folder, "list.txt");
    const out = join(folder, "checked.csv");
    await writeFile(list, `${lines.join("\n")}\n`);
    const run = await runSieveClientOnTerminal(["check", list, "--format", "csv", "--out", out], env);
    expect(run.code, run.stdout).toBe(0);

    const jobId = /submitted job ([0-9a-f-]{36}): 5 proxies/.exec(run.stdout)?.[1];
    expect(jobId, run.stdout).toBeDefined();
    // The bar's last frame: every line checked, the counts as the API reports them, an ETA.
    expect(run.stdout).toMatch(/checking .*100% \| 5\/5 \| live 3 dead 1 blocked 1 \| ETA \d+s/);
    expect(run.stdout).toContain(`job ${jobId} completed: 5/5 checked, 3 live, 1 dead, 1 blocked`);

    const direct = await api.get(`/api/v1/api/jobs/${jobId}/export?format=csv`, user.key);
    expect(direct.status).toBe(200);
    expect(await readFile(out, "utf8")).toBe(await direct.text());
  });

  test("reads standard input for -, writes the export to stdout, and draws no bar on a pipe", async ({
    api,
    user,
    env,
    lines,
    worker: _worker,
  }) => {
    const run = await runSieveClient(["check", "-", "--format", "txt"], env, lines.join("\n"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("checking");
    const jobId = /job ([0-9a-f-]{36}) completed: 5\/5 checked/.exec(run.stderr)?.[1];
    expect(jobId, run.stderr).toBeDefined();
    const direct = await api.get(`/api/v1/api/jobs/${jobId}/export?format=txt`, user.key);
    expect(run.stdout).toBe(await direct.text());
    // txt lists the live ones.
    expect(run.stdout.trim().split("\n")).toHaveLength(3);
  });

  test("with --json prints one document: the finished job and its export", async ({
    api,
    user,
    env,
    lines,
    worker: _worker,
  }) => {
    const run = await runSieveClient(["check", "-", "--format", "json", "--json"], env, lines.join("\n"));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as CheckJson;
    expect(result.job).toMatchObject({
      status: "completed",
      total: 5,
      done: 5,
      counts: { live: 3, dead: 1, blocked: 1, pending: 0 },
    });
    expect(result.out).toBeNull();
    const direct = await api.get(`/api/v1/api/jobs/${result.job.job_id}/export?format=json`, user.key);
    expect(result.export).toBe(await direct.text());
    // No bar and no human lines beside the JSON.
    expect(run.stderr).not.toMatch(/checking|submitted|completed/);
  });
});

/** A pass-through in front of the real API that records each request's method and path. */
async function recordingPassThrough(apiUrl: string) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      `${apiUrl}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

describe("sieve-client check follows the job's events", () => {
  test("the progress comes from the job's event stream, not from polling", async ({
    api,
    env,
    lines,
    worker: _worker,
  }) => {
    const recorder = await recordingPassThrough(api.url);
    try {
      const run = await runSieveClient(
        ["check", "-", "--json"],
        { ...env, SIEVE_API_URL: `${recorder.url}/api/v1` },
        lines.join("\n"),
      );
      expect(run.code, run.stderr).toBe(0);
      const jobId = (JSON.parse(run.stdout) as CheckJson).job.job_id;
      const job = `/api/v1/api/jobs/${jobId}`;
      // One stream to the end, then the job's record once, then its export.
      expect(recorder.seen.filter((line) => line.startsWith(`GET ${job}`))).toEqual([
        `GET ${job}/events`,
        `GET ${job}`,
        `GET ${job}/export?format=txt`,
      ]);
    } finally {
      await recorder.close();
    }
  });
});

describe("sieve-client proxies, jobs and account", () => {
  test("proxies writes the API's export, filtered, and --limit keeps its first entries", async ({
    api,
    user,
    env,
    database,
  }) => {
    await insertProxies(database.pool, [
      { host: "198.51.100.31", port: 1080, protocol: "socks5", country: "US" },
      { host: "198.51.100.32", port: 1080, protocol: "socks5", country: "US" },
      { host: "198.51.100.33", port: 1080, protocol: "socks5", country: "US" },
      { host: "198.51.100.34", port: 1080, protocol: "socks5", country: "DE" },
      { host: "198.51.100.35", port: 3128, protocol: "http", country: "US" },
    ]);
    const all = await runSieveClient(["proxies", "--protocol", "socks5", "--country", "us"], env);
    expect(all.code, all.stderr).toBe(0);
    const direct = await api.get(
      "/api/v1/api/proxies/export?protocol=socks5&country=US&format=txt",
      user.key,
    );
    expect(all.stdout).toBe(await direct.text());
    expect(all.stdout.trim().split("\n").sort()).toEqual(
      ["198.51.100.31:1080", "198.51.100.32:1080", "198.51.100.33:1080"].map((proxy) =>
        expect.stringContaining(proxy),
      ),
    );

    const limited = await runSieveClient(
      ["proxies", "--protocol", "socks5", "--format", "csv", "--limit", "2"],
      env,
    );
    expect(limited.code, limited.stderr).toBe(0);
    const csv = await (
      await api.get("/api/v1/api/proxies/export?protocol=socks5&format=csv", user.key)
    ).text();
    expect(csv.split(/(?<=\n)/)).toHaveLength(5);
    expect(limited.stdout).toBe(
      csv
        .split(/(?<=\n)/)
        .slice(0, 3)
        .join(""),
    );

    const json = await runSieveClient(["proxies", "--country", "DE", "--json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { proxy_norm: string }[]).map((proxy) => proxy.proxy_norm)).toEqual([
      "198.51.100.34:1080",
    ]);
  });

  test("jobs and account print the API's own answers with --json, and tables without", async ({
    api,
    user,
    env,
  }) => {
    // Documentation addresses: answered blocked by the guard, so the job ends with no worker.
    const jobId = await submitCheckJob(api, user.key, ["192.0.2.61:8080", "198.51.100.62:1080"]);
    const jobs = await runSieveClient(["jobs", "--limit", "5", "--json"], env);
    expect(jobs.code, jobs.stderr).toBe(0);
    const page = JSON.parse(jobs.stdout) as { total: number; items: { job_id: string; total: number }[] };
    expect(page).toMatchObject({ total: 1, items: [{ job_id: jobId, total: 2 }] });
    await waitFor(async () => {
      const job = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, user.key));
      return job.status === "completed" || undefined;
    });
    const table = await runSieveClient(["jobs", "--status", "completed"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^job\s+status\s+done\s+live\s+dead\s+blocked\s+created$/);
    expect(table.stdout).toContain(jobId);
    expect(table.stdout).toMatch(/1 of 1 jobs \(page 1\)/);

    const account = await runSieveClient(["account", "--json"], env);
    expect(account.code, account.stderr).toBe(0);
    expect(JSON.parse(account.stdout)).toMatchObject({
      account_id: user.accountId,
      tier: "free",
      role: "user",
    });
    const human = await runSieveClient(["account"], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`account      ${user.accountId}`);
    expect(human.stdout).toMatch(/^api_check\s+\d+\s+\d+s\s+\d+\s+\S+$/m);
  });
});

describe("sieve-client's failures", () => {
  test("bad usage exits 2 with a message and sends nothing", async ({ env }) => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["check"], env, /missing required argument 'file'/],
      [["check", "/nonexistent/list.txt"], env, /cannot read \/nonexistent\/list\.txt: ENOENT/],
      [["proxies", "--format", "xml"], env, /argument 'xml' is invalid. Allowed choices are txt, csv, json/],
      [
        ["proxies", "--json", "--format", "csv"],
        env,
        /--json writes JSON; it cannot be combined with --format csv/,
      ],
      [["proxies", "--country", "USA"], env, /expected a two-letter country code/],
      [["jobs", "--limit", "0"], env, /expected a whole number from 1 to 200/],
      [["jobs", "--status", "done"], env, /argument 'done' is invalid/],
      [["frobnicate"], env, /unknown command 'frobnicate'/],
      [["account"], { SIEVE_API_URL: env.SIEVE_API_URL }, /set SIEVE_API_KEY/],
      [["account"], { ...env, SIEVE_API_URL: "ftp://127.0.0.1/" }, /invalid environment: SIEVE_API_URL/],
    ];
    for (const [args, runEnv, message] of cases) {
      const run = await runSieveClient(args, runEnv);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
    }
  });

  test("an unknown or revoked key exits 3, with the API's code under --json", async ({ env, database }) => {
    const unknown = await runSieveClient(["account", "--json"], {
      ...env,
      SIEVE_API_KEY: "pk_live_doesnotexist000000000000000000000000",
    });
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.stderr)).toEqual({
      error: "invalid API key",
      code: "unauthenticated",
      status: 401,
      exit_code: 3,
    });

    const account = await createTestAccount(database.prisma);
    await database.prisma.apiKey.update({ where: { id: account.keyId }, data: { revokedAt: new Date() } });
    const revoked = await runSieveClient(
      ["check", "-"],
      { ...env, SIEVE_API_KEY: account.key },
      "192.0.2.1:80\n",
    );
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toContain("error: invalid API key");
    expect(revoked.stdout).toBe("");
  });

  test("an API nobody answers exits 4", async ({ env }) => {
    const port = await freePort();
    const run = await runSieveClient(["jobs"], { ...env, SIEVE_API_URL: `http://127.0.0.1:${port}/api/v1` });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(
      `error: cannot reach the API at http://127.0.0.1:${port}/api/v1: ECONNREFUSED`,
    );
  });

  test("a quota spent beyond the client's longest wait exits 4 at once", async ({ api, user, env }) => {
    let answer = await api.get("/api/v1/api/proxies/export", user.key);
    for (let tries = 0; answer.status !== 429 && tries < 200; tries++) {
      await answer.body?.cancel();
      answer = await api.get("/api/v1/api/proxies/export", user.key);
    }
    expect(answer.status).toBe(429);
    const run = await runSieveClient(["proxies", "--json"], env);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stderr)).toMatchObject({ code: "rate_limited", status: 429, exit_code: 4 });
  });

  test("a job cancelled while it is followed exits 5, naming its state", async ({
    api,
    user,
    env,
    hanging,
    worker: _worker,
  }) => {
    const running = runSieveClient(["check", "-", "--json"], env, `127.0.0.1:${hanging.port}\n`);
    const jobId = await waitFor(async () => {
      const page = await jsonBody(await api.get("/api/v1/api/jobs", user.key));
      return (page.items as { job_id: string }[])[0]?.job_id;
    });
    const cancelled = await fetch(`${api.url}/api/v1/api/jobs/${jobId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${user.key}` },
    });
    expect(cancelled.status).toBe(200);
    const run = await running;
    expect(run.code, run.stderr).toBe(5);
    expect(run.stdout).toBe("");
    expect(JSON.parse(run.stderr)).toMatchObject({
      code: "job_cancelled",
      exit_code: 5,
      error: expect.stringMatching(new RegExp(`^job ${jobId} ended cancelled after [01]/1$`)),
    });
  });

  test("a refused submission exits 1 with the API's message", async ({ env }) => {
    const run = await runSieveClient(["check", "-", "--json"], env, "not a proxy\n");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toMatchObject({ status: 400, exit_code: 1 });
  });
});
