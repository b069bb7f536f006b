import { describe, expect, it } from "vitest";
import { decideRecheck, type RecheckPolicy } from "../src/verified-list/recheck-schedule.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const policy: RecheckPolicy = {
  liveIntervalMs: 10 * MINUTE,
  retryMs: 5 * MINUTE,
  deadIntervalMs: DAY,
  retireAfterMs: 7 * DAY,
};
const now = new Date("2026-06-10T08:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const delayOf = (decision: ReturnType<typeof decideRecheck>) =>
  decision.retire ? "retired" : decision.nextCheckAt.getTime() - now.getTime();

describe("re-check schedule", () => {
  it("re-checks a live proxy after the live interval", () => {
    const decision = decideRecheck(
      policy,
      { success: true, consecutiveFailures: 0, lastSuccessAt: now, firstSeenAt: ago(DAY) },
      now,
    );
    expect(delayOf(decision)).toBe(10 * MINUTE);
  });

  it("backs off a failing proxy, doubling per failure", () => {
    const delays = [1, 2, 3, 4].map((failures) =>
      delayOf(
        decideRecheck(
          policy,
          {
            success: false,
            consecutiveFailures: failures,
            lastSuccessAt: ago(MINUTE),
            firstSeenAt: ago(DAY),
          },
          now,
        ),
      ),
    );
    expect(delays).toEqual([5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 40 * MINUTE]);
  });

  it("checks a long-dead proxy no more often than the dead interval", () => {
    const decision = decideRecheck(
      policy,
      { success: false, consecutiveFailures: 30, lastSuccessAt: ago(3 * DAY), firstSeenAt: ago(9 * DAY) },
      now,
    );
    expect(delayOf(decision)).toBe(DAY);
  });

  it("retires a proxy silent for the retirement period, counting from first seen if it never answered", () => {
    const silent = { success: false, consecutiveFailures: 12 } as const;
    expect(
      decideRecheck(policy, { ...silent, lastSuccessAt: ago(7 * DAY), firstSeenAt: ago(30 * DAY) }, now),
    ).toEqual({ retire: true });
    expect(decideRecheck(policy, { ...silent, lastSuccessAt: null, firstSeenAt: ago(7 * DAY) }, now)).toEqual(
      {
        retire: true,
      },
    );
    expect(
      delayOf(decideRecheck(policy, { ...silent, lastSuccessAt: null, firstSeenAt: ago(DAY) }, now)),
    ).toBe(DAY);
  });
});
