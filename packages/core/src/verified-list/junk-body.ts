import type { ParsedSourceList } from "./source-format.ts";

const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
// Words of the error, block and challenge pages that hosts answer with 200.
const ERROR_TITLE =
  /\b(?:error|not found|forbidden|denied|unavailable|too many requests|rate limit|captcha|attention required|just a moment|bad gateway|timed? ?out|maintenance)\b/i;

// Shown to operators and stored as text: no control characters (PostgreSQL refuses NUL).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd]/g;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").replace(UNPRINTABLE, "?").trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

/**
 * Why a fetched body is not a proxy list, or undefined when it is one. Lists answer with such
 * bodies when they are down (`NOTFOUND`, `Array`, an error page, nothing at all); such a fetch is
 * a failure, so it changes nothing the source's earlier fetches gave.
 */
export function junkBodyReason(text: string, parsed: ParsedSourceList): string | undefined {
  if (text.trim() === "") return "empty body: no proxies";
  if (HTML_START.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    if (title && ERROR_TITLE.test(title)) return `an HTML error page ("${excerpt(title)}"), not a proxy list`;
    if (parsed.candidates.length === 0) {
      return `an HTML page without proxies${title ? ` ("${excerpt(title)}")` : ""}`;
    }
  }
  if (parsed.candidates.length === 0) return `no proxies in the body ("${excerpt(text)}")`;
  return undefined;
}
