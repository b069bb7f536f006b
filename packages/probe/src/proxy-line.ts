import { invalidRequest } from "@sieve/core";
import { canonicalIp } from "./ip-literal.ts";
import { ProxyProtocol } from "./proxy-protocol.ts";

/** One proxy as users give it: an IP literal, a port, optional credentials and protocol. */
export interface ProxyTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  protocol?: ProxyProtocol;
}

/** RFC 1929 carries each credential in a length byte. */
const MAX_CREDENTIAL_BYTES = 255;

/**
 * Parses the forms users paste: `ip:port`, `ip:port:user:pass`, `user:pass@ip:port`,
 * `scheme://[user:pass@]host:port` and `[ipv6]:port`. Hosts must be IP literals.
 * Throws an `invalid_request` SieveError naming what is wrong.
 */
export function parseProxyLine(line: string): ProxyTarget {
  const text = line.trim();
  if (text === "") throw invalidRequest("empty proxy line");
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (schemeMatch) return parseUrlForm(schemeMatch[1]!.toLowerCase(), text.slice(schemeMatch[0].length));
  const at = text.lastIndexOf("@");
  if (at !== -1) {
    const { username, password } = splitCredentials(text.slice(0, at));
    return { ...parseEndpoint(text.slice(at + 1)), ...credentials(username, password) };
  }
  return parseColonForm(text);
}

function parseUrlForm(scheme: string, rest: string): ProxyTarget {
  const protocol = ProxyProtocol.safeParse(scheme);
  if (!protocol.success) {
    throw invalidRequest(`unknown scheme "${scheme}": use one of ${ProxyProtocol.options.join(", ")}`);
  }
  const authority = rest.endsWith("/") ? rest.slice(0, -1) : rest;
  if (/[/?#]/.test(authority)) throw invalidRequest("a proxy URL takes no path, query or fragment");
  const at = authority.lastIndexOf("@");
  if (at === -1) return { ...parseEndpoint(authority), protocol: protocol.data };
  const { username, password } = splitCredentials(authority.slice(0, at));
  return {
    ...parseEndpoint(authority.slice(at + 1)),
    ...credentials(decodeCredential(username), decodeCredential(password)),
    protocol: protocol.data,
  };
}

function parseColonForm(text: string): ProxyTarget {
  if (text.startsWith("[")) {
    const portColon = text.indexOf(":", text.indexOf("]"));
    const afterPort = portColon === -1 ? -1 : text.indexOf(":", portColon + 1);
    if (text.indexOf("]") === -1 || afterPort === -1) return parseEndpoint(text);
    const { username, password } = splitCredentials(text.slice(afterPort + 1));
    return { ...parseEndpoint(text.slice(0, afterPort)), ...credentials(username, password) };
  }
  const parts = text.split(":");
  if (parts.length <= 2) return parseEndpoint(text);
  if (parts.length >= 4 && canonicalIp(parts[0]!) && /^\d+$/.test(parts[1]!)) {
    return {
      ...parseEndpoint(`${parts[0]}:${parts[1]}`),
      ...credentials(parts[2]!, parts.slice(3).join(":")),
    };
  }
  if (parts.length > 2 && canonicalIp(text)) {
    throw invalidRequest(`IPv6 address "${text}" needs brackets and a port, as in [${text}]:8080`);
  }
  throw invalidRequest(
    `cannot read "${text}": expected ip:port, ip:port:user:pass, user:pass@ip:port or scheme://…`,
  );
}

function parseEndpoint(text: string): { host: string; port: number } {
  let hostText: string;
  let portText: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) throw invalidRequest(`unclosed bracket in "${text}"`);
    hostText = text.slice(1, close);
    if (text[close + 1] !== ":") throw invalidRequest(`missing port after "${text.slice(0, close + 1)}"`);
    portText = text.slice(close + 2);
    if (!hostText.includes(":")) throw invalidRequest(`"${hostText}" in brackets is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon === -1) throw invalidRequest(`missing port in "${text}"`);
    hostText = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (hostText.includes(":"))
      throw invalidRequest(`IPv6 address "${hostText}" needs brackets, as in [${hostText}]`);
  }
  const host = canonicalIp(hostText);
  if (host === undefined) {
    throw invalidRequest(`host "${hostText}" is not an IP address: only IPv4 and IPv6 literals are accepted`);
  }
  return { host, port: parsePort(portText) };
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw invalidRequest(`invalid port "${text}": must be 1-65535`);
  return port;
}

function splitCredentials(text: string): { username: string; password: string } {
  const colon = text.indexOf(":");
  if (colon === -1) throw invalidRequest("credentials must be user:pass");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function credentials(username: string, password: string): { username: string; password: string } {
  if (username === "") throw invalidRequest("empty username");
  if (password === "") throw invalidRequest("empty password");
  if (
    Buffer.byteLength(username) > MAX_CREDENTIAL_BYTES ||
    Buffer.byteLength(password) > MAX_CREDENTIAL_BYTES
  ) {
    throw invalidRequest(`username and password are limited to ${MAX_CREDENTIAL_BYTES} bytes each`);
  }
  return { username, password };
}

function decodeCredential(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidRequest("credentials in a proxy URL contain a bad percent-escape");
  }
}
