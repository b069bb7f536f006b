import { type EventLoopUtilization, monitorEventLoopDelay, performance } from "node:perf_hooks";

/** Runs probes with a bound on how many are in flight; the bound follows the event loop's lag. */
export interface ProbeLimit {
  <T>(work: () => Promise<T>): Promise<T>;
  /** Probes started in the last half second allowed in flight right now (between the minimum and `max`). */
  readonly limit: number;
  readonly inFlight: number;
  /** Probes waiting for a slot. */
  readonly waiting: number;
}

export interface ProbeLimitOptions {
  /** The most probes in flight, whatever the lag (WORKER_PROBE_CONCURRENCY). */
  max: number;
  /** The event-loop lag (median over each look) the limit holds the process under; 50 ms unset, as WORKER_PROBE_LAG_MS. */
  lagBoundMs?: number;
  /** How often the lag is looked at and the limit adjusted. */
  adjustEveryMs?: number;
}

const RESOLUTION_MS = 10;
// A probe in flight this long is waiting on a silent proxy (a live one answers in milliseconds
// on a lagging loop too): it holds a socket, not the loop, so the lag-following limit stops
// counting it. Only `max` bounds such probes.
const PARKED_AFTER_MS = 500;
// Probes' start times are kept in slots of this length, so parking costs nothing per probe.
const SLOT_MS = 100;
const SLOTS = Math.ceil(PARKED_AFTER_MS / SLOT_MS);

/**
 * A shared probe limit that adapts to what the process can serve. Every probe's timestamps and
 * deadlines are taken by callbacks on this event loop, so a loop that lags turns its own queue
 * into reported latency and, past a deadline, into false "dead". While the median lag over a
 * look stays above the bound and the loop is busy over 90 % of the time, fewer probes are let in
 * (x0.8 a look, down to a tenth of `max`); while the lag stays under half the bound or the loop
 * idles half the time, and probes wait, more are (x1.25, up to `max`). It starts at `max`: a loop that copes
 * (dead proxies, slow networks) never pays for the adaptation. Medians ignore a single slow turn,
 * such as thousands of deadlines firing together, which more probes in flight would not cure.
 *
 * The lag-following limit counts only probes started in the last PARKED_AFTER_MS; all of them
 * together stay under `max`. Otherwise hanging proxies, which cost the loop nothing while they
 * wait out their timeout, fill a shrunken limit and leave the live ones queued behind them.
 */
export function createProbeLimit(options: ProbeLimitOptions): ProbeLimit {
  const max = Math.max(1, Math.floor(options.max));
  const minimum = Math.min(max, Math.max(16, Math.ceil(max / 10)));
  const lagBoundMs = options.lagBoundMs ?? 50;
  const adjustEveryMs = options.adjustEveryMs ?? 100;
  // A head index instead of shift(): a worker queues whole chunks, tens of thousands of probes.
  let queue: ((startedSlot: number) => void)[] = [];
  let head = 0;
  const waiting = () => queue.length - head;
  let limit = max;
  let inFlight = 0;
  // Probes started in each of the last SLOTS slots and still in flight; `young` is their sum.
  const startedIn = new Array<number>(SLOTS + 1).fill(0);
  let slotNow = Math.floor(performance.now() / SLOT_MS);
  let young = 0;
  /** Moves the probes started more than PARKED_AFTER_MS ago out of `young`. */
  const age = () => {
    const slot = Math.floor(performance.now() / SLOT_MS);
    for (let passed = Math.min(slot - slotNow, SLOTS + 1); passed > 0; passed--) {
      slotNow += 1;
      // The slot started SLOTS ago leaves; the ring holds one more, the current one.
      const leaving = (slotNow + 1) % startedIn.length;
      young -= startedIn[leaving]!;
      startedIn[leaving] = 0;
    }
    slotNow = slot;
  };
  /** Counts a probe in; returns what `leave` needs to count it out. */
  const enter = (): number => {
    age();
    inFlight += 1;
    young += 1;
    startedIn[slotNow % startedIn.length]! += 1;
    return slotNow;
  };
  const leave = (startedSlot: number) => {
    age();
    inFlight -= 1;
    if (slotNow - startedSlot < SLOTS) {
      young -= 1;
      startedIn[startedSlot % startedIn.length]! -= 1;
    }
  };
  const hasRoom = () => young < limit && inFlight < max;
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let adjuster: NodeJS.Timeout | undefined;

  let utilization: EventLoopUtilization = performance.eventLoopUtilization();
  const adjust = () => {
    if (delay.count > 0) followLag();
    // Probes that parked since the last look leave room for waiting ones.
    age();
    admit();
  };
  const followLag = () => {
    // The histogram holds whole intervals between its samples; the lag is what exceeds the interval.
    const lagMs = delay.percentile(50) / 1e6 - RESOLUTION_MS;
    delay.reset();
    // A loop that lags while mostly idle is starved of CPU by other processes: fewer probes here
    // would not make it faster, only slower to get through its work.
    const busy = performance.eventLoopUtilization(utilization).utilization;
    utilization = performance.eventLoopUtilization();
    if (lagMs > lagBoundMs && busy > 0.9) limit = Math.max(minimum, Math.floor(limit * 0.8));
    else if ((lagMs < lagBoundMs / 2 || busy < 0.5) && waiting() > 0)
      limit = Math.min(max, Math.ceil(limit * 1.25));
  };
  const watch = (busy: boolean) => {
    if (busy && !adjuster) {
      delay.enable();
      utilization = performance.eventLoopUtilization();
      adjuster = setInterval(adjust, adjustEveryMs);
      adjuster.unref();
    } else if (!busy && adjuster) {
      clearInterval(adjuster);
      adjuster = undefined;
      delay.disable();
      delay.reset();
    }
  };
  // Each waiter is resolved with its start slot.
  const admit = () => {
    while (hasRoom() && waiting() > 0) {
      const started = enter();
      const next = queue[head]!;
      head += 1;
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      next(started);
    }
  };

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    watch(true);
    age();
    const started =
      !hasRoom() || waiting() > 0
        ? await new Promise<number>((resolve) => {
            queue.push(resolve);
          })
        : enter();
    try {
      return await work();
    } finally {
      leave(started);
      admit();
      if (inFlight === 0 && waiting() === 0) watch(false);
    }
  };
  return Object.defineProperties(run, {
    limit: { get: () => limit },
    inFlight: { get: () => inFlight },
    waiting: { get: waiting },
  }) as ProbeLimit;
}
