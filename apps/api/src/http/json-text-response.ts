import type { Response } from "express";

/**
 * Answers 200 with `json`, text that is JSON already (a list page PostgreSQL wrote), as a bare
 * `node:http` server does: the headers go out first and the text follows as one chunk. Express's
 * `send` would copy the text into a Buffer to count its bytes; a Content-Length of our own still
 * costs a scan of the whole page and a copy to join it to the header block. Side by side on pages
 * of up to 200 items the API spent 0.54 ms of CPU per request this way against 0.60 ms with
 * Content-Length (issue 15, list reads). Node sends no body for HEAD.
 */
export function sendJsonText(res: Response, json: string): void {
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.writeHead(res.statusCode);
  res.end(json);
}
