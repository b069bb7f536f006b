import { randomUUID } from "node:crypto";
import { claimKeyPrefix, waitFor } from "@sieve/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { announceCancel, type CancelWatch, startCancelWatch } from "../src/check-jobs/cancel-signal.ts";
import { createRedis } from "../src/redis.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = claimKeyPrefix("cancel");
const publisher = createRedis(redisUrl, { role: "worker" });
const watches: CancelWatch[] = [];

afterAll(async () => {
  await Promise.all(watches.map((watch) => watch.close()));
  publisher.disconnect();
});

async function watchOf(activeJobs: (ids: string[]) => Promise<Set<string>>, pollMs = 60_000) {
  const watch = await startCancelWatch({
    subscriber: createRedis(redisUrl, { role: "worker" }),
    queuePrefix: prefix,
    activeJobs,
    pollMs,
  });
  watches.push(watch);
  return watch;
}

describe("the cancel watch", () => {
  it("aborts the job's signal in every process that holds it when a cancel is announced", async () => {
    const jobId = randomUUID();
    const stillActive = async (ids: string[]) => new Set(ids);
    const [first, second] = [await watchOf(stillActive), await watchOf(stillActive)];
    const held = [first.watch(jobId), second.watch(jobId), first.watch(jobId)];
    const other = first.watch(randomUUID());
    expect(await announceCancel(publisher, prefix, jobId)).toBe(true);
    await waitFor(() => held.every(({ signal }) => signal.aborted));
    expect(other.signal.aborted).toBe(false);
  });

  it("aborts a job no longer active by its poll when the announcement never came", async () => {
    const jobId = randomUUID();
    let active = true;
    const watch = await watchOf(async (ids) => new Set(active ? ids : []), 100);
    const { signal } = watch.watch(jobId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signal.aborted).toBe(false);
    active = false;
    await waitFor(() => signal.aborted);
  });

  it("gives a fresh signal once every holder released an aborted one", async () => {
    const jobId = randomUUID();
    const watch = await watchOf(async (ids) => new Set(ids));
    const held = watch.watch(jobId);
    await announceCancel(publisher, prefix, jobId);
    await waitFor(() => held.signal.aborted);
    held.release();
    expect(watch.watch(jobId).signal.aborted).toBe(false);
  });

  it("reports an announcement that Redis could not take", async () => {
    const offline = createRedis("redis://127.0.0.1:1", { role: "producer" });
    offline.on("error", () => {});
    expect(await announceCancel(offline, prefix, randomUUID())).toBe(false);
    offline.disconnect();
  });
});
