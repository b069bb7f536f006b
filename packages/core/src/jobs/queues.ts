import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { unavailable } from "../errors.ts";
import { type CheckChunkPayload, jobCatalog, queueNames } from "./job-catalog.ts";

export interface QueueOptions {
  connection: Redis;
  /** Key prefix in Redis; tests give each run its own. */
  prefix: string;
}

export interface Queues {
  all: Queue[];
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
  const jobs = payloads.map((payload) => ({
    name: entry.name,
    data: entry.payload.parse(payload),
    opts: { ...entry.options, jobId: entry.jobId(payload) },
  }));
  try {
    const queue = queues.get(entry.queue);
    for (let start = 0; start < jobs.length; start += 500) {
      await queue.addBulk(jobs.slice(start, start + 500));
    }
  } catch (error) {
    throw unavailable(`the job queue is unavailable (${(error as Error).message}); retry shortly`);
  }
}
