/** Statuses the API means as "retry later": a spent quota and a briefly missing service. */
const RETRIED_STATUSES = new Set([429, 503]);

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Waits longer than this are not waited out: the answer is handed back instead (default 60 s). */
  maxDelayMs?: number;
  /** The first back-off when the answer names no Retry-After; doubled each time (default 500 ms). */
  baseDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A fetch that retries 429 and 503 answers after the wait the server names in Retry-After (or an
 * exponential back-off when it names none). A refused request changed nothing on the server, so
 * retrying a POST that got one is safe.
 */
export function retryingFetch(options: RetryOptions = {}): (input: Request) => Promise<Response> {
  const retries = options.retries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const send = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? pause;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await send(request.clone());
      if (!RETRIED_STATUSES.has(response.status) || attempt >= retries) return response;
      const delay = retryAfterMs(response.headers.get("retry-after")) ?? baseDelayMs * 2 ** attempt;
      if (delay > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}
