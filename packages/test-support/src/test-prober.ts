import { openProber, type Prober, probeConfig } from "@sieve/probe";
import type { RunningJudge } from "./judge-server.ts";

/** Probe variables for tests: the test judge, loopback allowed, every timeout `timeoutMs`. */
export function testProbeEnv(judge: RunningJudge, timeoutMs = 1500): Record<string, string> {
  const timeout = String(timeoutMs);
  return {
    JUDGE_URL: judge.httpUrl,
    JUDGE_HTTPS_URL: judge.httpsUrl,
    JUDGE_SECRET: judge.secret,
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    PROBE_CONNECT_TIMEOUT_MS: timeout,
    PROBE_HANDSHAKE_TIMEOUT_MS: timeout,
    PROBE_TOTAL_TIMEOUT_MS: timeout,
  };
}

/** A real prober with the test probe settings. */
export function openTestProber(judge: RunningJudge, timeoutMs?: number): Promise<Prober> {
  return openProber(probeConfig.parse(testProbeEnv(judge, timeoutMs)));
}
