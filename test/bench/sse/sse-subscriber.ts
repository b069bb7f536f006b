import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";

/** What one subscriber saw of its job's stream. */
export interface SubscriberResult {
  progressEvents: number;
  ended: boolean;
  /** The shortest time between two progress events of this stream, in ms (Infinity with fewer than two). */
  minGapMs: number;
}

/** Counters every subscriber of the run shares, read while the streams are open. */
export interface StreamTally {
  open: number;
  events: number;
}

/**
 * One Server-Sent Events subscriber of `GET /api/jobs/{id}/events`, as a program would hold it:
 * a fetch whose body is fed to eventsource-parser until the server closes the stream.
 */
export async function subscribe(
  apiUrl: string,
  apiKey: string,
  jobId: string,
  tally: StreamTally,
  onOpen: () => void = () => {},
): Promise<SubscriberResult> {
  const response = await fetch(`${apiUrl}/api/v1/api/jobs/${jobId}/events`, {
    headers: { Authorization: `Bearer ${apiKey}`, Accept: "text/event-stream" },
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`events of ${jobId} answered ${response.status}: ${await response.text()}`);
  }
  tally.open += 1;
  onOpen();
  const result: SubscriberResult = { progressEvents: 0, ended: false, minGapMs: Number.POSITIVE_INFINITY };
  let lastAt: number | undefined;
  const parser = createParser({
    onEvent(message) {
      tally.events += 1;
      if (message.event === "end") {
        result.ended = true;
        return;
      }
      // The end event never waits for the interval, so only progress events are spaced.
      const now = performance.now();
      if (lastAt !== undefined) result.minGapMs = Math.min(result.minGapMs, now - lastAt);
      lastAt = now;
      result.progressEvents += 1;
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
  } finally {
    tally.open -= 1;
  }
  return result;
}
