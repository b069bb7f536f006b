import type { ProbeLimit } from "@sieve/probe";
import type { AdjustableConsumer, ConsumerIntake } from "../jobs/consumers.ts";

/** One chunk taken by this process, from its handler's start to its end. */
export interface TakenChunk {
  /** The probe limit for this chunk's probes: the chunk counts as loading until its first probe. */
  probeLimit: <T>(work: () => Promise<T>) => Promise<T>;
  /** The handler ended (probes queued or not). */
  release(): void;
}

/** Takes chunks from the check queue only while this process's probe limit has room for them. */
export interface ChunkIntake extends ConsumerIntake {
  take(): TakenChunk;
}

/**
 * Without this, BullMQ fetches chunks up to WORKER_CHUNK_CONCURRENCY as fast as Redis answers:
 * the first worker of a fleet took 100 chunks (25,000 lines) while its probe limit ran 1,000 at
 * a time, and the workers beside it, or started by the autoscaler on the waiting count, found
 * the queue empty. Here a worker fetches one more chunk only while the probes it holds but has
 * not started (queued on the limit, plus chunks still loading) fill less than another round of
 * its limit: the limit never runs dry, and what it cannot start soon stays in the queue for the
 * fleet. A chunk's size is known once it is loaded, so a loading chunk counts as the size of the
 * last one loaded (as the whole limit before the first).
 *
 * The lever is BullMQ's settable `concurrency`: held + 1 while there is room, held - 1 while
 * there is none (so finishing a chunk does not fetch the next with it). BullMQ notices a raise
 * only when a task ends, so a raise also wakes its fetch loop with `pause(true)` and `resume()`,
 * which leave running tasks alone and are how BullMQ itself restarts fetching.
 */
export function createChunkIntake(probes: ProbeLimit): ChunkIntake {
  let consumer: AdjustableConsumer | undefined;
  let most = 1;
  let held = 0;
  let loading = 0;
  let loadingSize: number | undefined;
  let waking = false;

  const wake = (worker: AdjustableConsumer) => {
    if (waking) return;
    waking = true;
    void worker
      .pause(true)
      .then(() => (consumer === worker ? worker.resume() : undefined))
      .finally(() => {
        waking = false;
      });
  };
  const look = () => {
    if (!consumer) return;
    const room = probes.waiting + loading * (loadingSize ?? probes.limit) < probes.limit;
    const wanted = Math.min(most, Math.max(1, room ? held + 1 : held - 1));
    if (wanted === consumer.concurrency) return;
    const raised = wanted > consumer.concurrency;
    consumer.concurrency = wanted;
    // Holding none, the worker is already waiting for a task: nothing to wake.
    if (raised && held > 0) wake(consumer);
  };

  return {
    take() {
      held += 1;
      loading += 1;
      let loaded = false;
      let probesQueued = 0;
      const markLoaded = () => {
        if (loaded) return;
        loaded = true;
        loading -= 1;
      };
      look();
      return {
        probeLimit: (work) => {
          probesQueued += 1;
          if (!loaded) {
            markLoaded();
            // The chunk queues all its probes in this turn: look once they are all on the limit.
            queueMicrotask(() => {
              loadingSize = probesQueued;
              look();
            });
          }
          // Each probe that ends may make the room for the next chunk.
          return probes(work).finally(look);
        },
        release() {
          markLoaded();
          held -= 1;
          look();
        },
      };
    },
    attach(attached) {
      consumer = attached;
      most = attached.concurrency;
      look();
    },
    detach() {
      consumer = undefined;
    },
  };
}
