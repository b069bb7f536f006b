import { unavailable } from "@sieve/vocabulary";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type CheckChunkPayload, catalogJob, jobCatalog, queueNames } from "./job-catalog.ts";

// A submission waits this long for Redis at most; the caller then gets a 503 to retry.
const ENQUEUE_TIMEOUT_MS = 5_000;

export interface QueueOptions {
  connection: Redis;
  /** Key prefix in Redis; tests give each run its own. */
  prefix: string;
}

export interface Queues {
  all: Queue[];
  /** Whether Redis is connected right now; producers refuse work at once when it is not. */
  isConnected(): boolean;
  get(name: string): Queue;
  close(): Promise<void>;
}

export function createQueues(options: QueueOptions): Queues {
  const queues = new Map<string, Queue>(
    queueNames.map((name) => [
      name,
      new Queue(name, { connection: options.connection, prefix: options.prefix }),
    ]),
  );
  for (const queue of queues.values()) queue.on("error", () => {});
  return {
    all: [...queues.values()],
    isConnected: () => options.connection.status === "ready",
    get(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`no queue named ${name}`);
      return queue;
    },
    async close() {
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
    },
  };
}

/** Enqueues check chunks through the catalog; an unreachable Redis becomes a clean 503. */
export async function enqueueCheckChunks(queues: Queues, payloads: CheckChunkPayload[]): Promise<void> {
  const entry = jobCatalog.checkChunk;
  const jobs = payloads.map((payload) => catalogJob(entry, payload));
  if (!queues.isConnected()) throw unavailable("the job queue is unavailable; retry shortly");
  const queue = queues.get(entry.queue);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ENQUEUE_TIMEOUT_MS);
  });
  try {
    const adding = (async () => {
      for (let start = 0; start < jobs.length; start += 500) {
        await queue.addBulk(jobs.slice(start, start + 500));
      }
    })();
    adding.catch(() => {});
    await Promise.race([adding, timeout]);
  } catch (error) {
    throw unavailable(`the job queue is unavailable (${(error as Error).message}); retry shortly`);
  } finally {
    clearTimeout(timer);
  }
}
