import { randomUUID } from "node:crypto";
import type { Logger } from "@sieve/core";
import type { RequestHandler } from "express";

const CLIENT_REQUEST_ID = /^[\w.-]{1,64}$/;

/** Gives every request an id (the caller's X-Request-Id when sane) and logs it when it ends. */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const offered = req.headers["x-request-id"];
    const requestId = typeof offered === "string" && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    // Production logs at info: skip the timer, the listener and the fields object entirely.
    if (!logger.isLevelEnabled("http")) return next();
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      logger.http("request", {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        keyId: res.locals.caller?.keyId,
      });
    });
    next();
  };
}
