import { describe, expect, it } from "vitest";
import {
  isNewerMark,
  parseProgressEventId,
  progressEventId,
  progressMark,
} from "../src/check-jobs/progress-event-id.ts";

describe("progress event ids", () => {
  it("name done and phase, and read back what they name", () => {
    const id = progressEventId(progressMark({ done: 150, status: "running" }));
    expect(id).toBe("150.1");
    expect(parseProgressEventId(id)).toEqual({ done: 150, phase: 1 });
    expect(progressEventId(progressMark({ done: 3, status: "cancelled" }))).toBe("3.2");
  });

  it.each([undefined, "", "abc", "1.3", "-1.0", "1", "1.1.1"])("ignore %j, which is none of ours", (id) => {
    expect(parseProgressEventId(id)).toBeUndefined();
  });

  it("order by done, then by phase", () => {
    expect(isNewerMark({ done: 2, phase: 1 }, { done: 1, phase: 1 })).toBe(true);
    expect(isNewerMark({ done: 1, phase: 2 }, { done: 1, phase: 1 })).toBe(true);
    expect(isNewerMark({ done: 1, phase: 1 }, { done: 1, phase: 1 })).toBe(false);
    expect(isNewerMark({ done: 0, phase: 1 }, undefined)).toBe(true);
  });
});
