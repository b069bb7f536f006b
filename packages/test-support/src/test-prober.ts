import { openProber, type ProbeConfig, type Prober, probeConfig } from "@sieve/probe";
import type { RunningJudge } from "./judge-server.ts";

/** Probe settings for tests: the test judge, loopback allowed, every timeout `timeoutMs`. */
export function testProbeConfig(judge: RunningJudge, timeoutMs = 1500): ProbeConfig {
  const timeout = String(timeoutMs);
  return probeConfig.parse({
    JUDGE_URL: judge.httpUrl,
    JUDGE_HTTPS_URL: judge.httpsUrl,
    JUDGE_SECRET: judge.secret,
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    PROBE_CONNECT_TIMEOUT_MS: timeout,
    PROBE_HANDSHAKE_TIMEOUT_MS: timeout,
    PROBE_TOTAL_TIMEOUT_MS: timeout,
  });
}

export function openTestProber(judge: RunningJudge, timeoutMs?: number): Promise<Prober> {
  return openProber(testProbeConfig(judge, timeoutMs));
}
