import { SieveApiError } from "@sieve/client";

/** What sieve-client's exit status means; docs/client.md lists the same table. */
export const ExitCode = {
  ok: 0,
  /** The API refused the request (400, 404, 409, 413, …) or answered something unreadable. */
  apiError: 1,
  /** The command line or the environment is wrong: nothing was sent. */
  usage: 2,
  /** The key is missing from the request's point of view: unknown, revoked, expired (401) or not allowed (403). */
  auth: 3,
  /** Rate-limited (429) or unavailable (503) after the client's retries, or the API cannot be reached. */
  unavailable: 4,
  /** The job ended, but failed or was cancelled, so there is no complete export. */
  jobNotCompleted: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports in one line and an exit status, never a stack trace. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly code = "cli_error",
    readonly status?: number,
  ) {
    super(message);
    this.name = "CliFailure";
  }
}

export function usageError(message: string): CliFailure {
  return new CliFailure(ExitCode.usage, message, "usage");
}

/** The exit status an API error answer means. */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 429 || status === 503) return ExitCode.unavailable;
  return ExitCode.apiError;
}

/** Any error thrown while a command ran, as the failure the CLI reports. */
export function asCliFailure(error: unknown, apiUrl: string): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof SieveApiError) {
    return new CliFailure(exitCodeOfStatus(error.status), error.message, error.code, error.status);
  }
  // fetch rejects with a TypeError when no answer came at all: refused, reset, unknown host.
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new CliFailure(
      ExitCode.unavailable,
      `cannot reach the API at ${apiUrl}: ${cause?.code ?? cause?.message ?? error.message}`,
      "unreachable",
    );
  }
  return new CliFailure(
    ExitCode.apiError,
    error instanceof Error ? error.message : String(error),
    "unexpected",
  );
}
