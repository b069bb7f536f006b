import type { Socket } from "node:net";
import { type Dial, dialTcp, type OpenedProber, openProber, probeConfig } from "@sieve/probe";
import { type RunningJudge, startJudge } from "@sieve/test-support";
import { interfaceAddresses } from "@sieve/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ownInterfaces = interfaceAddresses().filter((address) => !/^(127\.|::1$)/.test(address));

describe("a prober opened from config", () => {
  let judge: RunningJudge;
  let prober: OpenedProber;
  const dialled: string[] = [];
  const dial: Dial = (host, port): Socket => {
    dialled.push(`${host}:${port}`);
    return dialTcp(host, port);
  };

  beforeAll(async () => {
    judge = await startJudge();
    const config = probeConfig.parse({
      JUDGE_URL: judge.httpUrl,
      JUDGE_HTTPS_URL: judge.httpsUrl,
      JUDGE_SECRET: judge.secret,
      CHECK_ALLOW_CIDRS: "0.0.0.0/0,::/0",
      CHECK_DENY_CIDRS: "198.51.100.0/24",
      PROBE_TOTAL_TIMEOUT_MS: "1000",
    });
    prober = await openProber(config, { dial });
  });
  afterAll(() => judge?.stop());

  it("never dials CHECK_DENY_CIDRS or its own interfaces, though the allowlist covers everything", async () => {
    dialled.length = 0;
    const targets = ["198.51.100.20", "::ffff:198.51.100.20", ...ownInterfaces];

    const results = await Promise.all(targets.map((host) => prober.probe({ host, port: 8080 })));

    expect(ownInterfaces.length).toBeGreaterThan(0);
    expect(results.map((result) => result.reason)).toEqual(targets.map(() => "blocked_target"));
    expect(dialled).toEqual([]);
    expect(prober.guard.policy).toMatchObject({
      allow: ["0.0.0.0/0", "::/0"],
      deny: ["198.51.100.0/24"],
      ownAddresses: expect.arrayContaining(ownInterfaces),
    });
  });
});
