import type { Writable } from "node:stream";
import type { JobProgress } from "@sieve/client";
import { Presets, SingleBar } from "cli-progress";

/** Where the readings of a job being followed go. */
export interface JobProgressView {
  update(job: JobProgress): void;
  stop(): void;
}

const silent: JobProgressView = { update() {}, stop() {} };

/**
 * A progress bar on `stream` with the live, dead and blocked counts and cli-progress's ETA (from
 * the rate `done` moved at over the last readings); nothing when `enabled` is false, so pipes,
 * CI logs and --json runs get no escape codes.
 */
export function jobProgressBar(stream: Writable, enabled: boolean): JobProgressView {
  if (!enabled) return silent;
  const bar = new SingleBar(
    {
      stream,
      format:
        "checking {bar} {percentage}% | {value}/{total} | live {live} dead {dead} blocked {blocked} | ETA {eta_formatted}",
      // The cursor stays visible: a Ctrl-C mid-bar would otherwise leave the terminal without one.
      hideCursor: false,
      etaBuffer: 30,
      // Readings arrive every half second or so; redraw at least that often so the ETA ticks.
      fps: 5,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(job) {
      const payload = { live: job.counts.live, dead: job.counts.dead, blocked: job.counts.blocked };
      if (!started) {
        bar.start(job.total, job.done, payload);
        started = true;
        return;
      }
      bar.setTotal(job.total);
      bar.update(job.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
