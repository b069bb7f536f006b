import { isDatabaseUnavailable, type Logger } from "@sieve/core";
import { type ErrorCode, SieveError } from "@sieve/vocabulary";
import type { ErrorRequestHandler } from "express";
import { BODY_LIMIT_TEXT } from "./request-body.ts";

/** The HTTP status of each error code; the OpenAPI document lists the same table. */
export const statusOf: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

const RETRY_UNAVAILABLE_SECONDS = 2;
const takenEncodings = "identity, gzip, deflate or br";

/** Errors raised by Express's body parser carry a `type` and a status of their own. */
function fromBodyParser(
  error: { type?: unknown; status?: unknown; encoding?: unknown },
  contentEncoding: string | undefined,
): SieveError | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return new SieveError("invalid_request", "request body is not valid JSON");
    case "entity.too.large":
      return new SieveError("payload_too_large", `request body is larger than the ${BODY_LIMIT_TEXT} limit`);
    case "encoding.unsupported":
      return new SieveError(
        "unsupported_media_type",
        `Content-Encoding ${String(error.encoding ?? contentEncoding)} is not supported: send ${takenEncodings}`,
      );
    case "charset.unsupported":
      return new SieveError("unsupported_media_type", "request body charset is not supported: send utf-8");
    case "request.aborted":
      return new SieveError("invalid_request", "request body was not received completely");
    default:
      // A compressed body that does not inflate: the parser passes zlib's error on as a bare 400.
      if (error.status === 400 && contentEncoding && contentEncoding !== "identity") {
        return new SieveError("invalid_request", `request body is not valid ${contentEncoding} data`);
      }
      return undefined;
  }
}

/**
 * The one place errors become HTTP: `{"error": message, "code": stable code}`, and no internals on
 * a 5xx. `code` is what programs branch on; the message may be reworded.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known =
      error instanceof SieveError
        ? error
        : isDatabaseUnavailable(error)
          ? new SieveError("unavailable", "the database is unavailable; retry shortly")
          : fromBodyParser(error ?? {}, req.headers["content-encoding"]?.toLowerCase());
    const requestId = res.locals.requestId as string | undefined;
    // The client went away mid-response (an abandoned export): nothing to answer, nothing wrong.
    if (error?.code === "ERR_STREAM_PREMATURE_CLOSE") return res.destroy();
    if (error?.code === "ERR_EXPORT_STALLED") {
      logger.warn("export ended: its reader stopped reading", { requestId, path: req.path });
      return res.destroy();
    }
    if (!known) {
      logger.error("request failed", { requestId, method: req.method, path: req.path, error });
      if (res.headersSent) return res.destroy();
      return res
        .status(500)
        .json({ error: "internal server error", code: "internal", request_id: requestId });
    }
    if (res.headersSent) return res.destroy();
    const status = statusOf[known.code];
    if (status >= 500) logger.warn("request failed", { requestId, code: known.code, message: known.message });
    // Every refusal a client should retry says when: 503s and the 429s that are not per-key quotas.
    const retryAfter = known.details.retry_after ?? (status === 503 ? RETRY_UNAVAILABLE_SECONDS : undefined);
    if (retryAfter !== undefined && !res.get("Retry-After")) res.set("Retry-After", String(retryAfter));
    // `code` last: no detail may pass itself off as the stable code.
    res.status(status).json({ error: known.message, ...known.details, code: known.code });
  };
}
