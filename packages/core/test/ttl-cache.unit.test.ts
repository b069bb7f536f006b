import { waitFor } from "@sieve/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TtlCache } from "../src/proxies/ttl-cache.ts";

afterEach(() => {
  vi.useRealTimers();
});

// vi.waitFor's own pace: each check also moves the fake clock by the interval.
const sameAsVitest = { timeout: 1_000, interval: 50 };

/**
 * Entries a and b, both expired on the fake clock; a's refresh is running (settle it with
 * `finishA`) and b's waits for a slot (`refreshB`).
 */
async function refreshingAThenB(cache: TtlCache<string>) {
  await cache.get("a", async () => "a1");
  await cache.get("b", async () => "b1");
  vi.advanceTimersByTime(1001);
  let finishA: (value: string) => void = () => {};
  const refreshB = vi.fn(async () => "b2");
  expect(await cache.get("a", () => new Promise<string>((resolve) => (finishA = resolve)))).toBe("a1");
  expect(await cache.get("b", refreshB)).toBe("b1");
  return { finishA: (value: string) => finishA(value), refreshB };
}

describe("TtlCache", () => {
  it("shares one load between concurrent misses", async () => {
    const cache = new TtlCache<number>(1000);
    const load = vi.fn(async () => 7);
    const values = await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    expect(values).toEqual([7, 7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("serves the stale value once expired while one refresh runs, then the fresh one", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<number>(1000);
    let finishRefresh: (value: number) => void = () => {};
    const load = vi
      .fn<() => Promise<number>>()
      .mockResolvedValueOnce(1)
      .mockReturnValueOnce(new Promise((resolve) => (finishRefresh = resolve)));
    expect(await cache.get("k", load)).toBe(1);
    vi.advanceTimersByTime(1001);
    expect(await cache.get("k", load)).toBe(1);
    expect(await cache.get("k", load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
    finishRefresh(2);
    await waitFor(async () => {
      expect(await cache.get("k", load)).toBe(2);
      return true;
    }, sameAsVitest);
    // The loader learns which loads a caller waits for.
    expect(load.mock.calls).toEqual([[{ background: false }], [{ background: true }]]);
  });

  it("runs background refreshes no more than its limit at a time, serving stale values meanwhile", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<string>(1000, { maxEntries: 10, maxConcurrentRefreshes: 1 });
    const { finishA, refreshB } = await refreshingAThenB(cache);
    expect(refreshB).not.toHaveBeenCalled();
    finishA("a2");
    await waitFor(() => {
      expect(refreshB).toHaveBeenCalledTimes(1);
      return true;
    }, sameAsVitest);
    await waitFor(async () => {
      expect(await cache.get("b", refreshB)).toBe("b2");
      return true;
    }, sameAsVitest);
    expect(await cache.get("a", async () => "a3")).toBe("a2");
  });

  it("rests a refresh slot for its share of the time before the next refresh", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<string>(1000, { maxConcurrentRefreshes: 1, refreshShare: 0.25 });
    const { finishA, refreshB } = await refreshingAThenB(cache);
    // Refreshing a takes 100 ms, so at a quarter of the time the slot rests 300 ms after it.
    await vi.advanceTimersByTimeAsync(100);
    finishA("a2");
    await vi.advanceTimersByTimeAsync(290);
    expect(refreshB).not.toHaveBeenCalled();
    expect(await cache.get("b", refreshB)).toBe("b1");
    await vi.advanceTimersByTimeAsync(20);
    expect(refreshB).toHaveBeenCalledTimes(1);
    expect(await cache.get("b", refreshB)).toBe("b2");
  });

  it("refreshes an entry said to be out of date in the background, serving it until then", async () => {
    const cache = new TtlCache<number>(60_000);
    await cache.get("k", async () => 1);
    let finish: (value: number) => void = () => {};
    const refresh = vi.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    cache.refreshSoon("k", refresh);
    cache.refreshSoon("k", refresh);
    expect(await cache.get("k", refresh)).toBe(1);
    finish(2);
    await vi.waitFor(async () => expect(await cache.get("k", refresh)).toBe(2));
    expect(refresh.mock.calls).toEqual([[{ background: true }]]);
  });

  it("does not keep a failed load", async () => {
    const cache = new TtlCache<number>(1000);
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 3)).toBe(3);
  });

  it("loads every time when the time to live is zero", async () => {
    const cache = new TtlCache<number>(0);
    let next = 1;
    expect(await cache.get("k", async () => next++)).toBe(1);
    expect(await cache.get("k", async () => next++)).toBe(2);
  });

  it("forgets the oldest entry beyond its bound", async () => {
    const cache = new TtlCache<string>(60_000, { maxEntries: 2 });
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("c", async () => "c1");
    expect(await cache.get("a", async () => "a2")).toBe("a2");
    expect(await cache.get("c", async () => "c2")).toBe("c1");
  });
});
