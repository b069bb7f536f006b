import { describe, expect, it } from "vitest";
import { nextUptime, type UptimeState } from "../src/verified-list/uptime-score.ts";

const HOUR = 3_600_000;
const HALF_LIFE = 24 * HOUR;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR);
const fresh: UptimeState = { successes: 0, weight: 0, at: null };

function run(outcomes: readonly [hours: number, success: boolean][]) {
  let state: UptimeState & { score?: number } = fresh;
  for (const [hours, success] of outcomes) state = nextUptime(state, success, at(hours), HALF_LIFE);
  return state as UptimeState & { score: number };
}

describe("uptime score", () => {
  it("is 1 after a first success and 0 after a first failure", () => {
    expect(run([[0, true]]).score).toBe(1);
    expect(run([[0, false]]).score).toBe(0);
  });

  it("weighs a check one half-life old half as much as a new one", () => {
    // Success at 0 h (weight 0.5 by 24 h), failure at 24 h (weight 1): 0.5 / 1.5.
    expect(
      run([
        [0, true],
        [24, false],
      ]).score,
    ).toBeCloseTo(1 / 3, 10);
  });

  it("is not a lifetime counter: old successes fade behind recent failures", () => {
    const history: [number, boolean][] = [];
    for (let hour = 0; hour < 240; hour++) history.push([hour, true]);
    for (let hour = 240; hour < 288; hour++) history.push([hour, false]);
    const score = run(history).score;
    // A lifetime ratio would still be 240/288 = 0.83; two half-lives of failures bring it near 1/4.
    expect(score).toBeLessThan(0.3);
    expect(score).toBeGreaterThan(0.2);
  });

  it("stays in [0, 1] and matches the closed form for equal spacing", () => {
    const state = run([
      [0, true],
      [1, true],
      [2, false],
    ]);
    const d = 2 ** (-1 / 24);
    expect(state.score).toBeCloseTo((d * d + d) / (d * d + d + 1), 10);
    expect(state.weight).toBeCloseTo(d * d + d + 1, 10);
  });
});
