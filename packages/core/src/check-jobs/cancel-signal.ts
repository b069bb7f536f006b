import { setMaxListeners } from "node:events";
import type { RedisClient } from "../redis.ts";

/**
 * Cancels of check jobs, told to the whole fleet. PostgreSQL decides (the job's status); Redis
 * pub/sub only carries the news so that every worker aborts its probes of the job at once, and a
 * poll of PostgreSQL catches any message lost while a subscriber was away.
 */
export function cancelChannel(queuePrefix: string): string {
  return `${queuePrefix}:check-jobs:cancelled`;
}

/** Tells every worker that a job was cancelled. Best effort: the workers' poll is the backstop. */
export async function announceCancel(
  redis: Pick<RedisClient, "publish">,
  queuePrefix: string,
  jobId: string,
): Promise<boolean> {
  try {
    await redis.publish(cancelChannel(queuePrefix), jobId);
    return true;
  } catch {
    return false;
  }
}

export interface CancelWatchDeps {
  /** A connection of the watch's own: a subscribed connection can do nothing else. */
  subscriber: RedisClient;
  queuePrefix: string;
  /** Of these jobs, the ones that still want results (queued or running). */
  activeJobs(jobIds: string[]): Promise<Set<string>>;
  /** How often the jobs in hand are looked up in PostgreSQL, for cancels whose message was lost. */
  pollMs: number;
  onError?(error: Error): void;
}

export interface CancelWatch {
  /** A signal that aborts when the job is cancelled; `release` when the chunk is done with it. */
  watch(jobId: string): { signal: AbortSignal; release(): void };
  close(): Promise<void>;
}

interface Watched {
  controller: AbortController;
  holders: number;
}

/** One per worker process: every running chunk of a job shares the job's signal. */
export async function startCancelWatch(deps: CancelWatchDeps): Promise<CancelWatch> {
  const watched = new Map<string, Watched>();
  const cancel = (jobId: string) => {
    const entry = watched.get(jobId);
    if (entry && !entry.controller.signal.aborted) entry.controller.abort(new Error("job cancelled"));
  };
  const channel = cancelChannel(deps.queuePrefix);
  deps.subscriber.on("message", (from: string, jobId: string) => {
    if (from === channel) cancel(jobId);
  });
  await deps.subscriber.subscribe(channel);

  let polling = false;
  const poll = async () => {
    const jobIds = [...watched.keys()].filter((id) => !watched.get(id)?.controller.signal.aborted);
    if (polling || jobIds.length === 0) return;
    polling = true;
    try {
      const active = await deps.activeJobs(jobIds);
      for (const jobId of jobIds) if (!active.has(jobId)) cancel(jobId);
    } catch (error) {
      deps.onError?.(error as Error);
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(poll, deps.pollMs);
  timer.unref();

  let closed = false;
  return {
    watch(jobId) {
      let entry = watched.get(jobId);
      if (!entry) {
        entry = { controller: new AbortController(), holders: 0 };
        // Every running chunk of the job listens, and stops listening when it ends.
        setMaxListeners(0, entry.controller.signal);
        watched.set(jobId, entry);
      }
      entry.holders += 1;
      const held = entry;
      let released = false;
      return {
        signal: held.controller.signal,
        release() {
          if (released) return;
          released = true;
          held.holders -= 1;
          if (held.holders === 0 && watched.get(jobId) === held) watched.delete(jobId);
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      try {
        await deps.subscriber.quit();
      } catch {
        deps.subscriber.disconnect();
      }
    },
  };
}
