import { isIPv6 } from "node:net";
import { formatHostPort, normaliseHost } from "./host-port.ts";
import { type ProxyProtocol, proxySchemes } from "./protocols.ts";

/** One proxy as a user wrote it, normalised. Only IP literals are accepted: we dial nothing else. */
export interface ProxyLine {
  /** The host in its normal form: what is dialled, folded and listed as `proxy_norm`. */
  host: string;
  /** The host as written, when that differs from `host` (`::FFFF:127.0.0.1`), so it can be given back so. */
  writtenHost?: string;
  port: number;
  /** The protocol a probe speaks, named by a `scheme://` prefix; undefined means detect. */
  protocol?: ProxyProtocol;
  username?: string;
  password?: string;
  /** How the line was written, so results can be given back in the same form. */
  form: LineForm;
  /** The scheme exactly as written (`socks5h`, `socks4a`, …) for `url` lines. */
  scheme?: string;
}

export const lineForms = ["plain", "colon", "at", "url"] as const;
export type LineForm = (typeof lineForms)[number];

export type ParsedLine = { ok: true; proxy: ProxyLine } | { ok: false; error: string };

// RFC 1929 carries each credential in a length byte.
const MAX_CREDENTIAL_BYTES = 255;

function fail(error: string): ParsedLine {
  return { ok: false, error };
}

/** Splits `host:port` or `[v6]:port` into host and port text, or says what is wrong. */
function splitHostPort(text: string): { host: string; port: string; rest: string } | string {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return "unclosed [ in IPv6 address";
    if (text[close + 1] !== ":") return "missing port after IPv6 address";
    const afterHost = text.slice(close + 2);
    const colon = afterHost.indexOf(":");
    return {
      host: text.slice(1, close),
      port: colon < 0 ? afterHost : afterHost.slice(0, colon),
      rest: colon < 0 ? "" : afterHost.slice(colon + 1),
    };
  }
  const [host = "", port, ...rest] = text.split(":");
  if (port === undefined) return "missing port";
  return { host, port, rest: rest.join(":") };
}

// No leading zeros: `080` is octal to some tools and decimal to others, so it names no port for sure.
function parsePort(text: string): number | undefined {
  if (!/^[1-9]\d{0,4}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

function credentialsError(username: string, password: string): string | undefined {
  if (!username) return "empty username";
  if (!password) return "empty password";
  // NUL and other control characters end or split the handshake field they travel in.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused.
  if (/[\u0000-\u001f\u007f]/.test(username + password)) {
    return "username or password holds a control character";
  }
  if (
    Buffer.byteLength(username) > MAX_CREDENTIAL_BYTES ||
    Buffer.byteLength(password) > MAX_CREDENTIAL_BYTES
  ) {
    return "username or password longer than 255 bytes";
  }
  return undefined;
}

interface Address {
  host: string;
  writtenHost?: string;
  port: number;
  rest: string;
}

function address(hostPort: string): Address | string {
  if (isIPv6(hostPort) || isIPv6(hostPort.slice(0, hostPort.lastIndexOf(":")))) {
    return "an IPv6 address needs brackets, as in [2001:db8::1]:8080";
  }
  const split = splitHostPort(hostPort);
  if (typeof split === "string") return split;
  const host = normaliseHost(split.host);
  if (!host) return split.host ? `${split.host} is not an IP address` : "missing host";
  const port = parsePort(split.port);
  if (port === undefined) return `port ${split.port || "(empty)"} is not a number from 1 to 65535`;
  return host === split.host
    ? { host, port, rest: split.rest }
    : { host, writtenHost: split.host, port, rest: split.rest };
}

// The commonest line, `ipv4:port`, in one match: the IPv4 of normaliseHost and the port of
// parsePort. A line it takes parses to exactly what the general path below would make of it.
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const PLAIN_IPV4_LINE = new RegExp(`^(${OCTET}(?:\\.${OCTET}){3}):([1-9]\\d{0,4})$`);

/**
 * Reads the forms users paste: `ip:port`, `ip:port:user:pass`, `user:pass@ip:port`,
 * `scheme://[user:pass@]ip:port` and `[ipv6]:port`. The line must already be trimmed.
 */
export function parseProxyLine(line: string): ParsedLine {
  const plain = PLAIN_IPV4_LINE.exec(line);
  if (plain) {
    const port = Number(plain[2]);
    // A port over 65535 goes the general way, for its error message.
    if (port <= 65_535) return { ok: true, proxy: { host: plain[1]!, port, form: "plain" } };
  }
  if (line.length === 0) return fail("empty line");
  if (/\s/.test(line)) return fail("unexpected whitespace");

  let rest = line;
  let protocol: ProxyLine["protocol"];
  let scheme: string | undefined;
  const schemeMatch = /^([a-z0-9]+):\/\//i.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    protocol = proxySchemes[scheme];
    if (!protocol) return fail(`unknown scheme ${scheme}://`);
    rest = rest.slice(schemeMatch[0].length).replace(/\/$/, "");
  }

  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(":");
    if (colon < 0) return fail("credentials before @ must be user:pass");
    // Only URLs percent-encode; a plain user:pass@ line means exactly what it says.
    const decode = scheme ? decodeURIComponentSafe : (text: string) => text;
    const username = decode(userInfo.slice(0, colon));
    const password = decode(userInfo.slice(colon + 1));
    const problem = credentialsError(username, password);
    if (problem) return fail(problem);
    const parsed = address(rest.slice(at + 1));
    if (typeof parsed === "string") return fail(parsed);
    if (parsed.rest) return fail("unexpected text after the port");
    return {
      ok: true,
      proxy: { ...base(parsed, protocol, scheme), form: scheme ? "url" : "at", username, password },
    };
  }

  const parsed = address(rest);
  if (typeof parsed === "string") return fail(parsed);
  if (!parsed.rest) return { ok: true, proxy: base(parsed, protocol, scheme) };
  const colon = parsed.rest.indexOf(":");
  if (colon < 0) return fail("expected ip:port:user:pass");
  const username = parsed.rest.slice(0, colon);
  const password = parsed.rest.slice(colon + 1);
  const problem = credentialsError(username, password);
  if (problem) return fail(problem);
  if (scheme)
    return fail("put credentials before the address in a scheme:// line (scheme://user:pass@ip:port)");
  return { ok: true, proxy: { ...base(parsed, protocol, scheme), form: "colon", username, password } };
}

function base(
  parsed: Omit<Address, "rest">,
  protocol: ProxyLine["protocol"],
  scheme: string | undefined,
): ProxyLine {
  const proxy: ProxyLine = { host: parsed.host, port: parsed.port, form: scheme ? "url" : "plain" };
  if (parsed.writtenHost !== undefined) proxy.writtenHost = parsed.writtenHost;
  if (protocol) proxy.protocol = protocol;
  if (scheme) proxy.scheme = scheme;
  return proxy;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Gives a proxy back in the form it was submitted, credentials included. */
export function formatProxyLine(proxy: ProxyLine): string {
  const hostPort = formatHostPort(proxy.writtenHost ?? proxy.host, proxy.port);
  const hasCredentials = proxy.username !== undefined;
  switch (proxy.form) {
    case "colon":
      return hasCredentials ? `${hostPort}:${proxy.username}:${proxy.password}` : hostPort;
    case "at":
      return hasCredentials ? `${proxy.username}:${proxy.password}@${hostPort}` : hostPort;
    case "url": {
      const userInfo = hasCredentials
        ? `${encodeURIComponent(proxy.username!)}:${encodeURIComponent(proxy.password ?? "")}@`
        : "";
      return `${proxy.scheme ?? proxy.protocol}://${userInfo}${hostPort}`;
    }
    case "plain":
      return hostPort;
  }
}
