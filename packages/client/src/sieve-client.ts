import createClient from "openapi-fetch";
import type { components, operations, paths } from "./generated/api-types.ts";
import { followJobEvents, type JobProgress, JobStreamUnavailable } from "./job-event-stream.ts";
import { type RetryOptions, retryingFetch } from "./retrying-fetch.ts";

export type Schemas = components["schemas"];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;
export type ProxyQuery = QueryOf<"listProxies">;
export type ExportQuery = QueryOf<"exportProxies">;
export type JobListQuery = QueryOf<"listJobs">;
export type ItemsQuery = QueryOf<"listJobItems">;
export type JobExportQuery = QueryOf<"exportJob">;
type CheckBody = NonNullable<operations["submitCheck"]["requestBody"]>["content"]["application/json"];
/** A page requested through each proxy found live (see "Target checks" in docs/api.md). */
export type CheckTarget = NonNullable<CheckBody["targets"]>[number];

export interface SubmitOptions {
  includeAnonymity?: boolean;
  /** Up to 3 pages to request through each live proxy. */
  targets?: CheckTarget[];
}

export interface WaitOptions {
  /** Polling interval when the event stream cannot be used (default 1 s). */
  intervalMs?: number;
  timeoutMs?: number;
  /** Each progress event (or, when polling, each reading) of the job. */
  onProgress?: (progress: JobProgress) => void;
  /** false: poll only, never open the event stream. */
  stream?: boolean;
}

export interface SieveClientOptions extends RetryOptions {
  /** The API's base URL, e.g. `https://your-domain/api/v1`. */
  baseUrl: string;
  /** A `pk_live_…` key. */
  apiKey: string;
}

/** An error answer of the API: its status, its stable `code`, and the message for people. */
export class SieveApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = "SieveApiError";
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function unwrap<T>({ data, error, response }: Answer<T>): T {
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { error?: unknown; code?: unknown };
  throw new SieveApiError(
    response.status,
    typeof body.code === "string" ? body.code : "unknown",
    typeof body.error === "string" ? body.error : `HTTP ${response.status}`,
    error,
  );
}

/**
 * A text answer: openapi-fetch gives no data for an empty body (Content-Length 0), and an export
 * with nothing in it (a txt of a job with no live proxy) is such an answer, not an error.
 */
function unwrapText(answer: Answer<unknown>): string {
  if (answer.response.ok && answer.data === undefined) return "";
  return unwrap(answer) as string;
}

const FINAL_STATES = new Set(["completed", "failed", "cancelled"]);

/** The Sieve API, typed from its OpenAPI document (`src/generated/api-types.ts`). */
export function createSieveClient(options: SieveClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const send = retryingFetch(options);
  const raw = createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    fetch: send,
  });
  const job = async (jobId: string) =>
    unwrap(await raw.GET("/api/jobs/{jobId}", { params: { path: { jobId } } }));

  return {
    /** The openapi-fetch client itself, for anything the helpers below do not cover. */
    raw,

    listProxies: async (query: ProxyQuery = {}) =>
      unwrap(await raw.GET("/api/proxies", { params: { query } })),

    /** Every proxy the filters select, a page at a time. */
    async *iterateProxies(query: Omit<ProxyQuery, "page"> = {}): AsyncGenerator<Schemas["ProxyItem"]> {
      for (let page = 1; ; page++) {
        const answer = unwrap(await raw.GET("/api/proxies", { params: { query: { ...query, page } } }));
        yield* answer.items;
        if (answer.items.length === 0 || page * answer.limit >= answer.total) return;
      }
    },

    premiumProxies: async (query: ProxyQuery = {}) =>
      unwrap(await raw.GET("/api/premium/proxies", { params: { query } })),

    exportProxies: async (query: ExportQuery = {}) =>
      unwrapText(await raw.GET("/api/proxies/export", { params: { query }, parseAs: "text" })),

    submitCheck: async (proxiesText: string, submit: SubmitOptions = {}) =>
      unwrap(
        await raw.POST("/api/check", {
          body: {
            proxies_text: proxiesText,
            include_anonymity: submit.includeAnonymity ?? false,
            ...(submit.targets ? { targets: submit.targets } : {}),
          },
        }),
      ),

    job,
    jobs: async (query: JobListQuery = {}) => unwrap(await raw.GET("/api/jobs", { params: { query } })),

    jobItems: async (jobId: string, query: ItemsQuery = {}) =>
      unwrap(await raw.GET("/api/jobs/{jobId}/items", { params: { path: { jobId }, query } })),

    exportJob: async (jobId: string, query: JobExportQuery = {}) =>
      unwrapText(
        await raw.GET("/api/jobs/{jobId}/export", { params: { path: { jobId }, query }, parseAs: "text" }),
      ),

    cancelJob: async (jobId: string) =>
      unwrap(await raw.DELETE("/api/jobs/{jobId}", { params: { path: { jobId } } })),

    account: async () => unwrap(await raw.GET("/api/account")),

    /**
     * Follows the job to a final state over its event stream (`/jobs/{id}/events`, resumed with
     * Last-Event-ID when the connection drops), telling `onProgress` each event; polls instead
     * when the stream cannot be opened. Resolves with the job's full record.
     */
    async waitForJob(jobId: string, wait: WaitOptions = {}): Promise<Schemas["CheckJob"]> {
      const timeoutMs = wait.timeoutMs ?? 3_600_000;
      const deadline = Date.now() + timeoutMs;
      const late = () => new Error(`job ${jobId} did not finish in time`);
      if (wait.stream !== false) {
        const signal = AbortSignal.timeout(timeoutMs);
        try {
          await followJobEvents({
            baseUrl,
            apiKey: options.apiKey,
            jobId,
            fetch: send,
            signal,
            ...(wait.onProgress ? { onProgress: wait.onProgress } : {}),
          });
          // The events carry progress only; the record adds created_at, include_anonymity and more.
          const final = await job(jobId);
          if (FINAL_STATES.has(final.status)) return final;
        } catch (error) {
          if (signal.aborted) throw late();
          if (!(error instanceof JobStreamUnavailable)) throw error;
        }
      }
      for (;;) {
        const current = await job(jobId);
        wait.onProgress?.(current);
        if (FINAL_STATES.has(current.status)) return current;
        if (Date.now() > deadline) throw late();
        await new Promise((resolve) => setTimeout(resolve, wait.intervalMs ?? 1000));
      }
    },
  };
}
export type SieveClient = ReturnType<typeof createSieveClient>;
