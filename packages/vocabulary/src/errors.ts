/** Stable error codes; the API maps each to one HTTP status in a single place. */
export const errorCodes = [
  "invalid_request",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "unsupported_media_type",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The one application error type. `details` are safe to show to the caller. */
export class SieveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "SieveError";
  }
}

export const invalidRequest = (message: string, details?: Record<string, unknown>) =>
  new SieveError("invalid_request", message, details);
export const notFound = (message: string) => new SieveError("not_found", message);
export const forbidden = (message: string) => new SieveError("forbidden", message);
export const unauthenticated = (message: string) => new SieveError("unauthenticated", message);
export const unavailable = (message: string) => new SieveError("unavailable", message);
