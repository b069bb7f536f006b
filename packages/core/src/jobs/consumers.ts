import { type Job, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import type { z } from "zod";
import type { Logger } from "../logger.ts";
import type { RedisClient } from "../redis.ts";
import { logConsumerEvents } from "./consumer-events.ts";
import { type JobName, type JobPayload, jobCatalog, type QueueName } from "./job-catalog.ts";
import { type JobHandler, type JobHandlers, validated } from "./job-handlers.ts";

/** How one queue is consumed by one process. */
export type ConsumerSettings = Pick<WorkerOptions, "concurrency" | "lockDuration" | "stalledInterval"> & {
  /** Decides when the queue's worker fetches tasks, up to `concurrency` (e.g. a ChunkIntake). */
  intake?: ConsumerIntake;
};

/** The part of a BullMQ worker the intake drives: how many tasks it fetches, not how it runs them. */
export interface AdjustableConsumer {
  /** How many tasks it holds at most; fetching stops while it holds as many. */
  concurrency: number;
  pause(doNotWaitActive: true): Promise<void>;
  resume(): void | Promise<void>;
}

/** Pauses and resumes fetching for a worker it is attached to. */
export interface ConsumerIntake {
  attach(consumer: AdjustableConsumer): void;
  detach(): void;
}

export interface ConsumerOptions {
  connection: RedisClient;
  /** Key prefix in Redis, the producers' own. */
  prefix: string;
  /** The catalog entries this process handles; a queue without any is not consumed. */
  handlers: Partial<JobHandlers>;
  /** Settings of every queue of the catalog; only queues with a handler are consumed. */
  settings: Record<QueueName, ConsumerSettings>;
  logger: Logger;
}

export interface Consumers {
  /** The queues consumed, in catalog order. */
  queues: QueueName[];
  /** Stops taking tasks and waits for running ones; with `force`, leaves them to other workers. */
  close(force?: boolean): Promise<void>;
  /**
   * Closes within a grace period: running tasks may finish for `graceMs`, after which they are
   * left to other workers (a retried chunk counts no item twice).
   */
  drain(graceMs: number): Promise<void>;
}

/** Runs a task through its entry's handler, the payload checked against the entry's schema first. */
function runTask<K extends JobName>(name: K, handler: JobHandler<K>, job: Job): Promise<unknown> {
  const entry: { name: string; payload: z.ZodType } = jobCatalog[name];
  return handler(validated(entry, job) as JobPayload<K>, job);
}

/**
 * The one way a process consumes the catalog's jobs: a BullMQ worker per queue that has a
 * handler, each task dispatched by its name to the handler of its catalog entry.
 */
export function startConsumers(options: ConsumerOptions): Consumers {
  const byQueue = new Map<QueueName, Map<string, (job: Job) => Promise<unknown>>>();
  for (const name of Object.keys(jobCatalog) as JobName[]) {
    const handler = options.handlers[name] as JobHandler<typeof name> | undefined;
    if (!handler) continue;
    const entry = jobCatalog[name];
    const tasks = byQueue.get(entry.queue) ?? new Map();
    tasks.set(entry.name, (job: Job) => runTask(name, handler, job));
    byQueue.set(entry.queue, tasks);
  }
  const intakes: ConsumerIntake[] = [];
  const workers = [...byQueue].map(([queue, tasks]) => {
    const { intake, ...settings } = options.settings[queue];
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const run = tasks.get(job.name);
        // A task no handler here knows will not become known by retrying.
        if (!run) throw new UnrecoverableError(`no handler for task ${job.name} on queue ${queue}`);
        return run(job);
      },
      { connection: options.connection, prefix: options.prefix, ...settings },
    );
    if (intake) {
      intake.attach(worker);
      intakes.push(intake);
    }
    return worker;
  });
  logConsumerEvents(workers, options.logger);
  const close = async (force = false) => {
    // A closing worker must not be resumed by its intake.
    for (const intake of intakes) intake.detach();
    await Promise.allSettled(workers.map((worker) => worker.close(force)));
  };
  return {
    queues: [...byQueue.keys()],
    close,
    async drain(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"over">((resolve) => {
        timer = setTimeout(() => resolve("over"), graceMs);
      });
      const outcome = await Promise.race([close().then(() => "drained" as const), graceOver]);
      clearTimeout(timer);
      if (outcome === "over") await close(true);
    },
  };
}
