import { describe, expect, it } from "vitest";
import { waitFor } from "../src/wait-for.ts";

describe("waitFor", () => {
  it("resolves with the first result that is not undefined, null or false", async () => {
    const results = [undefined, null, false, 0, 1];
    let calls = 0;
    expect(await waitFor(() => results[calls++], { interval: 1 })).toBe(0);
    expect(calls).toBe(4);
  });

  it("counts a throw, such as a failed expect, as not yet", async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        expect(calls).toBeGreaterThan(2);
        return "done";
      },
      { interval: 1 },
    );
    expect(value).toBe("done");
    expect(calls).toBe(3);
  });

  it("fails after its timeout, naming what it waited for and the last reason", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("still starting");
        },
        { timeout: 50, interval: 5, what: "the server" },
      ),
    ).rejects.toThrow("the server not met within 50 ms: still starting");
    await expect(waitFor(() => false, { timeout: 50, interval: 5 })).rejects.toThrow(
      "condition not met within 50 ms: the check returned false",
    );
  });
});
