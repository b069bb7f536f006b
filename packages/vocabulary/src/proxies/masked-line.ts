import type { ProxyLine } from "./proxy-line.ts";

/** What stands for a password in a line shown back to its owner. */
export const PASSWORD_MASK = "****";

/**
 * A submitted line as written, comment and decorations kept, with its password replaced by
 * `****`: it tells the owner which line an item answers without storing the secret in the clear.
 * `line` is the trimmed line `proxy` was parsed from (by parseListedLine).
 */
export function maskedLine(line: string, proxy: ProxyLine): string {
  if (proxy.password === undefined) return line;
  // The proxy itself is always the line's first token; comments and decorations follow it.
  const tokenEnd = line.search(/\s|$/);
  const token = line.slice(0, tokenEnd);
  const after = line.slice(tokenEnd);
  if (proxy.form === "colon") {
    // ip:port:user:pass: the password is the token's tail (the user part holds no colon).
    const hostEnd = token.startsWith("[") ? token.indexOf("]") + 1 : 0;
    const colon = token.indexOf(":", hostEnd);
    const userStart = token.indexOf(":", colon + 1) + 1;
    const passwordStart = token.indexOf(":", userStart) + 1;
    return `${token.slice(0, passwordStart)}${PASSWORD_MASK}${after}`;
  }
  // user:pass@host:port, optionally after scheme://: the password runs from the first colon of
  // the user part to the last @.
  const userStart = proxy.form === "url" ? token.indexOf("://") + 3 : 0;
  const at = token.lastIndexOf("@");
  const passwordStart = token.indexOf(":", userStart) + 1;
  return `${token.slice(0, passwordStart)}${PASSWORD_MASK}${token.slice(at)}${after}`;
}
