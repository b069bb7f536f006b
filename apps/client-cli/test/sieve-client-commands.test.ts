import {
  createTestAccount,
  freePort,
  insertProxies,
  jsonBody,
  submitCheckJob,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { test } from "./client-fixtures.ts";
import { runSieveClient } from "./run-sieve-client.ts";

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
