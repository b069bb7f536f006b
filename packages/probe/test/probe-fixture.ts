import {
  type AsnDb,
  createProber,
  type Dial,
  learnOwnAddresses,
  type Prober,
  type ProbeTimeouts,
} from "@sieve/probe";
import { type RunningJudge, startJudge } from "@sieve/test-support";
import { createTargetGuard } from "@sieve/vocabulary";

export interface ProbeFixture {
  judge: RunningJudge;
  ownAddresses: string[];
  prober(options?: {
    timeouts?: Partial<ProbeTimeouts>;
    maxResponseBytes?: number;
    dial?: Dial;
    asnDb?: AsnDb;
  }): Prober;
  stop(): Promise<void>;
}

/** A real judge on loopback and probers that may dial loopback, as CHECK_ALLOW_CIDRS=127.0.0.0/8 allows. */
export async function startProbeFixture(): Promise<ProbeFixture> {
  const judge = await startJudge();
  const judgeUrls = { httpUrl: judge.httpUrl, httpsUrl: judge.httpsUrl, secret: judge.secret };
  const defaults: ProbeTimeouts = { connectMs: 5_000, handshakeMs: 5_000, totalMs: 10_000 };
  const ownAddresses = await learnOwnAddresses({ judge: judgeUrls, timeouts: defaults });
  return {
    judge,
    ownAddresses,
    prober: (options = {}) =>
      createProber({
        judge: judgeUrls,
        timeouts: { ...defaults, ...options.timeouts },
        guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8"] }),
        ownAddresses,
        ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
        ...(options.dial ? { dial: options.dial } : {}),
        ...(options.asnDb ? { asnDb: options.asnDb } : {}),
      }),
    stop: () => judge.stop(),
  };
}
