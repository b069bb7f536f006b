import { invalidRequest } from "@sieve/vocabulary";
import type { Request } from "express";
import type { z } from "zod";

/** Validates query parameters; a bad one answers 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.query);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    throw invalidRequest(`unknown parameter ${issue.keys.join(", ")}`);
  }
  const parameter = String(issue.path[0] ?? "query");
  if (Array.isArray(req.query[parameter]))
    throw invalidRequest(`${parameter}: give this parameter once`, { parameter });
  const message = issue.message.startsWith(parameter) ? issue.message : `${parameter}: ${issue.message}`;
  throw invalidRequest(message, { parameter });
}
