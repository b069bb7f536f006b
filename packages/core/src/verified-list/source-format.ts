import type { ProxyProtocolName } from "@sieve/vocabulary";
import { Collector, type ParsedSourceList } from "./source-candidate.ts";
import { readCsv } from "./source-csv.ts";
import { readJson } from "./source-json.ts";

export type { Candidate, ParsedSourceList, UnreadLine } from "./source-candidate.ts";

/**
 * Reads a proxy list in any of the forms public lists use: JSON (arrays of strings or of objects
 * with ip/host and port, also nested under a key), CSV with a header, or text with addresses
 * anywhere in its lines (`ip:port`, `scheme://ip:port`, `ip:port:Country`, spys' and clarketm's
 * `ip:port CC-A-S! +`, every line form of the check endpoint). Only IP literals are taken;
 * duplicates are folded. `protocol` applies where an entry names none.
 */
export function parseSourceList(text: string, protocol?: ProxyProtocolName): ParsedSourceList {
  const into = new Collector(protocol);
  const start = text.trimStart()[0];
  if (start === "[" || start === "{") {
    try {
      readJson(JSON.parse(text), into);
      return into.list();
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  const lines = text.split(/\r?\n/);
  if (!readCsv(lines, into)) for (const line of lines) into.line(line);
  return into.list();
}
