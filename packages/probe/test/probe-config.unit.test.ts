import { probeConfig } from "@sieve/probe";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { describe, expect, it } from "vitest";

const secret = "a-long-enough-secret";

describe("probe config", () => {
  it("has defaults for everything but the secret", () => {
    expect(parseConfig(probeConfig, { JUDGE_SECRET: secret })).toMatchObject({
      JUDGE_URL: "http://127.0.0.1:8080/",
      JUDGE_HTTPS_URL: "https://127.0.0.1:8443/",
      CHECK_ALLOW_CIDRS: [],
      PROBE_CONNECT_TIMEOUT_MS: 5_000,
      PROBE_HANDSHAKE_TIMEOUT_MS: 5_000,
      PROBE_TOTAL_TIMEOUT_MS: 10_000,
      PROBE_MAX_RESPONSE_BYTES: 65_536,
    });
  });

  it("reads the allowlist as comma-separated CIDRs", () => {
    const config = parseConfig(probeConfig, {
      JUDGE_SECRET: secret,
      CHECK_ALLOW_CIDRS: "127.0.0.0/8, ::1/128",
    });

    expect(config.CHECK_ALLOW_CIDRS).toEqual(["127.0.0.0/8", "::1/128"]);
  });

  it.each([
    [{}, /JUDGE_SECRET/],
    [{ JUDGE_SECRET: "short" }, /JUDGE_SECRET: must be at least 16/],
    [{ JUDGE_SECRET: secret, CHECK_ALLOW_CIDRS: "127.0.0.1" }, /CHECK_ALLOW_CIDRS/],
    [{ JUDGE_SECRET: secret, JUDGE_URL: "http://judge.example.com/" }, /JUDGE_URL: must be an http:\/\/ URL/],
    [{ JUDGE_SECRET: secret, JUDGE_HTTPS_URL: "http://127.0.0.1/" }, /JUDGE_HTTPS_URL/],
    [{ JUDGE_SECRET: secret, PROBE_TOTAL_TIMEOUT_MS: "0" }, /PROBE_TOTAL_TIMEOUT_MS/],
  ])("names the bad variable in %j", (env, message) => {
    expect(() => parseConfig(probeConfig, env)).toThrow(ConfigError);
    expect(() => parseConfig(probeConfig, env)).toThrow(message);
  });
});
