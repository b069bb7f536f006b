import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbeResult } from "@sieve/probe";
import {
  type RunningJudge,
  type RunningProxy,
  startJudge,
  startMicrosocks,
  startSquid,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSieve } from "./run-sieve.ts";

let judge: RunningJudge;
let squid: RunningProxy;
let socks: RunningProxy;
let env: Record<string, string>;

beforeAll(async () => {
  [judge, squid, socks] = await Promise.all([
    startJudge(),
    startSquid({ anonymity: "anonymous" }),
    startMicrosocks({ credentials: { username: "op", password: "pw" } }),
  ]);
  env = {
    JUDGE_URL: judge.httpUrl,
    JUDGE_HTTPS_URL: judge.httpsUrl,
    JUDGE_SECRET: judge.secret,
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
  };
});
afterAll(async () => {
  await Promise.all([squid?.stop(), socks?.stop(), judge?.stop()]);
});

describe("sieve probe", () => {
  it("prints the result with the API's field names under --json", async () => {
    const run = await runSieve(["probe", `127.0.0.1:${squid.port}`, "--anonymity", "--json"], env);

    const result = ProbeResult.parse(JSON.parse(run.stdout));
    expect(run.code).toBe(0);
    expect(result).toMatchObject({
      status: "live",
      protocols: ["http", "https"],
      exit_ip: squid.exitAddress,
      anonymity: "anonymous",
      anonymity_evidence: ["via"],
    });
  });

  it("takes credentials and a protocol from the line, and prints readable lines without --json", async () => {
    const run = await runSieve(["probe", `socks5://op:pw@127.0.0.1:${socks.port}`], env);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status\s+live$/m);
    expect(run.stdout).toMatch(new RegExp(`^exit_ip\\s+${socks.exitAddress.replaceAll(".", "\\.")}$`, "m"));
  });

  it("exits 2 for a dead proxy and says why", async () => {
    const run = await runSieve(
      ["probe", `127.0.0.1:${socks.port}:op:wrong`, "--protocol", "socks5", "--json"],
      env,
    );

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "dead", reason: "auth_failed" });
  });

  it("blocks loopback unless CHECK_ALLOW_CIDRS allows it", async () => {
    const run = await runSieve(["probe", `127.0.0.1:${squid.port}`, "--json"], {
      ...env,
      CHECK_ALLOW_CIDRS: "",
    });

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "blocked", reason: "blocked_target" });
  });

  it.each([
    [["probe", "proxy.example:8080"], /cannot read the proxy line: proxy.example is not an IP address/],
    [["probe", "127.0.0.1:8080", "--protocol", "gopher"], /unknown protocol "gopher"/],
    [["probe", "socks5://127.0.0.1:8080", "--protocol", "http"], /contradicts/],
  ])("refuses %j with a one-line error", async (args, message) => {
    const run = await runSieve(args, env);

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("takes the judge secret `pnpm start` made when JUDGE_SECRET is unset", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-secrets-"));
    const file = join(dir, "local-secrets.json");
    await writeFile(file, JSON.stringify({ CREDENTIALS_KEY: "unused", JUDGE_SECRET: judge.secret }));
    const { JUDGE_SECRET: _unset, ...withoutSecret } = env;

    const run = await runSieve(["probe", `127.0.0.1:${squid.port}`, "--json"], {
      ...withoutSecret,
      SIEVE_LOCAL_SECRETS_FILE: file,
    });
    await rm(dir, { recursive: true });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "live", protocol: "http" });
  });

  it("names a missing JUDGE_SECRET", async () => {
    const run = await runSieve(["probe", "127.0.0.1:8080"], { ...env, JUDGE_SECRET: "" });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/JUDGE_SECRET/);
  });
});
