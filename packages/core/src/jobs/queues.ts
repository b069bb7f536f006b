import { Queue } from "bullmq";
import type { z } from "zod";
import { stderrListener } from "../error-listener.ts";
import type { RedisClient } from "../redis.ts";
import { addJobs } from "./enqueue.ts";
import {
  catalogJob,
  type JobCatalog,
  jobCatalog,
  type QueuedJobName,
  type QueueName,
  queueNames,
  type ScheduledJobName,
} from "./job-catalog.ts";

export interface QueueOptions {
  connection: RedisClient;
  /** Key prefix in Redis; tests give each run its own. */
  prefix: string;
  /** Where a queue's connection errors go; without it, a line on stderr. */
  onError?: (error: Error, queue: QueueName) => void;
}

type PayloadInput<K extends QueuedJobName> = z.input<JobCatalog[K]["payload"]>;

export interface Queues {
  all: Queue[];
  /** Every queue of the catalog, by its declared name. */
  byName: { readonly [Q in QueueName]: Queue };
  /**
   * Queues one job of the catalog. On a producer's connection it fails fast with a 503
   * `unavailable` error when Redis is away or does not answer within a few seconds, so a caller
   * can give up cleanly and retry; on a worker's it waits for Redis.
   */
  enqueue<K extends QueuedJobName>(job: K, payload: PayloadInput<K>): Promise<void>;
  /** Like `enqueue`, for many jobs of one entry at once. */
  enqueueBulk<K extends QueuedJobName>(job: K, payloads: PayloadInput<K>[]): Promise<void>;
  /** Upserts a scheduled entry's job scheduler: one task every `every` ms, with an empty payload. */
  schedule(job: ScheduledJobName, every: number): Promise<unknown>;
  close(): Promise<void>;
}

export function createQueues(options: QueueOptions): Queues {
  const onError = options.onError ?? stderrListener("queue");
  const byName = Object.fromEntries(
    queueNames.map((name) => {
      const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
      // Without a listener a lost connection would crash the process; the error is reported instead.
      queue.on("error", (error) => onError(error, name));
      return [name, queue];
    }),
  ) as Record<QueueName, Queue>;
  const all = Object.values(byName);
  // A producer's connection (createRedis role "producer") has no offline queue: it must not wait,
  // and refuses work at once while Redis is not connected.
  const isConnected = () => options.connection.status === "ready";
  const failFast = options.connection.options.enableOfflineQueue === false;
  const enqueueBulk: Queues["enqueueBulk"] = async (job, payloads) => {
    const jobs = payloads.map((payload) => catalogJob(job, payload));
    await addJobs(byName[jobCatalog[job].queue], jobs, { failFast, isConnected });
  };
  return {
    all,
    byName,
    enqueue: (job, payload) => enqueueBulk(job, [payload]),
    enqueueBulk,
    schedule(job, every) {
      const entry = jobCatalog[job];
      return byName[entry.queue].upsertJobScheduler(
        entry.schedulerId,
        { every },
        { name: entry.name, data: {}, opts: entry.options },
      );
    },
    async close() {
      await Promise.allSettled(all.map((queue) => queue.close()));
    },
  };
}
