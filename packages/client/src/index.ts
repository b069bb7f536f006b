// What @sieve/client offers: the typed client, its retrying fetch, the document's types, and the
// terminal table its command lines print with.
export type { components, operations, paths } from "./generated/api-types.ts";
export { followJobEvents, type JobProgress, JobStreamUnavailable } from "./job-event-stream.ts";
export { type RetryOptions, retryAfterMs, retryingFetch } from "./retrying-fetch.ts";
export {
  type CheckTarget,
  createSieveClient,
  type Schemas,
  SieveApiError,
  type SieveClient,
  type SieveClientOptions,
  type SubmitOptions,
  type WaitOptions,
} from "./sieve-client.ts";
export { terminalTable } from "./terminal-table.ts";
