import { type ParsedLine, parseProxyLine } from "./proxy-line.ts";

// A trailing comment starts at a # after white space, so a password holding # stays whole.
const TRAILING_COMMENT = /\s+#.*$/;
// What public lists write after the address: spys' and clarketm's `US-H-S! +`, a country, a flag.
const DECORATION = /^[\w!+-]{1,16}$/;

/**
 * A line as people and public lists write it: a proxy line, optionally followed by a `# comment`
 * or by decorations such as `US-H-S! +`. Submissions and sources both read lines through here.
 * The line must already be trimmed and must not be a whole-line comment.
 */
export function parseListedLine(line: string): ParsedLine {
  const text = line.replace(TRAILING_COMMENT, "");
  const whole = parseProxyLine(text);
  if (whole.ok) return whole;
  const [first = "", ...rest] = text.split(/\s+/);
  if (rest.length > 0 && rest.every((token) => DECORATION.test(token))) {
    const decorated = parseProxyLine(first);
    if (decorated.ok) return decorated;
  }
  return whole;
}
