import { invalidRequest } from "@sieve/vocabulary";
import express, { type Request } from "express";

/** Dashboard forms are small: a tight limit, JSON only. */
export const jsonBody = express.json({ limit: "16kb" });

/** The request's JSON object body, or a 400 naming what was expected. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
