import { createParser } from "eventsource-parser";
import type { components } from "./generated/api-types.ts";

export type JobProgress = components["schemas"]["JobProgress"];

export interface JobEventStreamOptions {
  /** `…/api/v1`, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  jobId: string;
  /** The client's fetch (it retries 429 and 503 per Retry-After). */
  fetch: (request: Request) => Promise<Response>;
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
  /** Reconnects in a row that may fail before the stream is given up (default 5). */
  reconnects?: number;
  /** Wait before a reconnect when the server named no `retry:` (default 1 s). */
  retryMs?: number;
}

/** The stream could not be opened (or reopened): the caller falls back to polling. */
export class JobStreamUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobStreamUnavailable";
  }
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Follows `GET /api/jobs/{id}/events` until its `end` event, telling `onProgress` each event,
 * and resolves with the last progress (the final state). A connection that drops before the end
 * is reopened with `Last-Event-ID`, so the server sends only what is newer; a 204 on reopening
 * means the end was already seen. Throws JobStreamUnavailable when the stream cannot be opened.
 */
export async function followJobEvents(options: JobEventStreamOptions): Promise<JobProgress | undefined> {
  const url = `${options.baseUrl}/api/jobs/${encodeURIComponent(options.jobId)}/events`;
  const reconnects = options.reconnects ?? 5;
  let lastEventId: string | undefined;
  let retryMs = options.retryMs ?? 1000;
  let last: JobProgress | undefined;
  let failures = 0;

  for (;;) {
    let response: Response;
    try {
      response = await options.fetch(
        new Request(url, {
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            Accept: "text/event-stream",
            ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}),
          },
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      response = Response.error();
    }
    if (response.status === 204) return last;
    const type = response.headers.get("content-type") ?? "";
    if (response.status !== 200 || !type.startsWith("text/event-stream") || !response.body) {
      await response.body?.cancel();
      // The first answer decides: an API without the route, or one refusing it, is polled instead.
      if (lastEventId === undefined || ++failures > reconnects)
        throw new JobStreamUnavailable(`job events answered ${response.status || "no response"}`);
      await pause(retryMs, options.signal);
      continue;
    }

    let ended = false;
    // A throwing onProgress is the caller's error, not a dropped connection: it is rethrown.
    let callbackError: { error: unknown } | undefined;
    const parser = createParser({
      onEvent(message) {
        if (message.id) lastEventId = message.id;
        if (callbackError || (message.event !== "progress" && message.event !== "end")) return;
        last = JSON.parse(message.data) as JobProgress;
        failures = 0;
        try {
          options.onProgress?.(last);
        } catch (error) {
          callbackError = { error };
        }
        if (message.event === "end") ended = true;
      },
      onRetry(ms) {
        retryMs = ms;
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (ended || callbackError) break;
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // A dropped connection: reopened below from the last event seen.
    }
    if (callbackError) {
      await response.body.cancel().catch(() => {});
      throw callbackError.error;
    }
    if (ended) {
      await response.body.cancel().catch(() => {});
      return last;
    }
    // Dropped before any event: nothing to resume from, so a fresh start; each such drop counts.
    if (++failures > reconnects) throw new JobStreamUnavailable("job events kept dropping");
    await pause(retryMs, options.signal);
  }
}
