import { invalidRequest, issuePath } from "@sieve/vocabulary";
import express from "express";
import type { z } from "zod";

/** The largest request body accepted, as Express's body parsers spell it and as errors say it. */
export const BODY_LIMIT = "2mb";
export const BODY_LIMIT_TEXT = "2 MB";

/** JSON and text/plain bodies; mounted after the guard, so bodies are read only from callers allowed to send one. */
export const bodyParsers = [
  express.json({ limit: BODY_LIMIT }),
  express.text({ limit: BODY_LIMIT, type: "text/plain" }),
];

/** A proxy list arrives as JSON `{"proxies_text": …}` or as a text/plain body that is the list itself. */
export function parseProxyListBody<T extends { proxies_text: string }>(
  schema: z.ZodType<T>,
  body: unknown,
  fromText: (text: string) => T,
): T {
  if (typeof body === "string") return fromText(body);
  if (body === undefined) throw invalidRequest('proxies_text is required: send JSON {"proxies_text": "…"}');
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A top-level field's message names it; a nested one's (`targets[1].url`) is named by its path.
    throw invalidRequest(
      issue.path.length > 1 ? `${issuePath(issue.path)}: ${issue.message}` : issue.message,
    );
  }
  return parsed.data;
}
