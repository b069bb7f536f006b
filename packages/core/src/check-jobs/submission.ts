import { maskedLine, type ProxyLine, parseListedLine } from "@sieve/vocabulary";

export interface InvalidLineExample {
  line: number;
  text: string;
  error: string;
}

/** A proxy of a submission, with the line it came from as written (password masked). */
export interface SubmittedProxy extends ProxyLine {
  line: string;
}

export interface ParsedSubmission {
  proxies: SubmittedProxy[];
  invalidLines: number;
  duplicateLines: number;
  /** The first few invalid lines, so the user can see what to fix. */
  invalidExamples: InvalidLineExample[];
}

const MAX_EXAMPLES = 5;
const MAX_EXAMPLE_LENGTH = 120;

/** Two lines are the same check when they name the same proxy, protocol and credentials. */
function identity(proxy: ProxyLine): string {
  // Most lines name neither: host and port then say it all, in a key no JSON array can equal
  // (a normal host holds no space and never starts with a bracket).
  if (proxy.protocol === undefined && proxy.username === undefined && proxy.password === undefined) {
    return `${proxy.host} ${proxy.port}`;
  }
  return JSON.stringify([
    proxy.host,
    proxy.port,
    proxy.protocol ?? "",
    proxy.username ?? "",
    proxy.password ?? "",
  ]);
}

/**
 * Reads a pasted list: one proxy per line, CRLF or LF, blank lines and `#` comments ignored, and
 * the decorations public lists write after an address accepted (see parseListedLine).
 * Invalid lines are counted and a few quoted back; duplicates are folded into the first.
 */
export function parseSubmission(text: string): ParsedSubmission {
  const proxies: SubmittedProxy[] = [];
  const seen = new Set<string>();
  const invalidExamples: InvalidLineExample[] = [];
  let invalidLines = 0;
  let duplicateLines = 0;
  const lines = text.split(/\r\n|\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const parsed = parseListedLine(line);
    if (!parsed.ok) {
      invalidLines++;
      if (invalidExamples.length < MAX_EXAMPLES) {
        invalidExamples.push({
          line: index + 1,
          text: line.slice(0, MAX_EXAMPLE_LENGTH),
          error: parsed.error,
        });
      }
      continue;
    }
    const key = identity(parsed.proxy);
    if (seen.has(key)) {
      duplicateLines++;
      continue;
    }
    seen.add(key);
    proxies.push({ ...parsed.proxy, line: maskedLine(line, parsed.proxy) });
  }
  return { proxies, invalidLines, duplicateLines, invalidExamples };
}
