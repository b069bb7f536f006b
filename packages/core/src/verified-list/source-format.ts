import { isIPv6 } from "node:net";
import {
  listedProtocol,
  normaliseHost,
  type ProxyProtocolName,
  parseListedLine,
  proxySchemes,
} from "@sieve/vocabulary";
import { z } from "zod";

/** One proxy address found in a list; no protocol means detect it. */
export interface Candidate {
  host: string;
  port: number;
  protocol?: ProxyProtocolName;
  /** Only the premium pool keeps these; the public list never stores credentials. */
  username?: string;
  password?: string;
}

/** A line that named no proxy, and why, as the line parser says it. */
export interface UnreadLine {
  line: string;
  error: string;
}

export interface ParsedSourceList {
  /** Every address found, those with credentials included. */
  candidates: Candidate[];
  /** How many of the candidates carry a username and password. */
  withCredentials: number;
  /** Text lines in which no address was found (JSON and CSV bodies report none). */
  unread: UnreadLine[];
}

// The list stores listed protocols (a socks4a entry is listed as socks4); lists also write a bare
// "socks" for SOCKS5.
const PROTOCOL_NAMES: Record<string, ProxyProtocolName> = {
  ...Object.fromEntries(
    Object.entries(proxySchemes).map(([scheme, protocol]) => [scheme, listedProtocol(protocol)]),
  ),
  socks: "socks5",
};
// ip:port or [ipv6]:port anywhere in a line, optionally after scheme://.
const EMBEDDED =
  /(?:([a-z0-9]+):\/\/)?(?:(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9a-f:.]+)\]):(\d{1,5})(?!\d)/gi;
const MAX_JSON_DEPTH = 6;
// Enough examples to say what is wrong with a file, bounded whatever its size.
const MAX_UNREAD = 1_000;

const protocolOf = (name: unknown): ProxyProtocolName | undefined =>
  typeof name === "string" ? PROTOCOL_NAMES[name.trim().toLowerCase()] : undefined;

function candidate(
  host: string,
  portText: string | number,
  protocol?: ProxyProtocolName,
): Candidate | undefined {
  const normal = normaliseHost(host.trim());
  // As in a submitted line, a port written with a leading zero names no port for sure.
  if (typeof portText === "string" && /^\s*0/.test(portText)) return undefined;
  const port = Number(portText);
  if (!normal || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  return protocol ? { host: normal, port, protocol } : { host: normal, port };
}

function withDefault(found: Candidate, fallback: ProxyProtocolName | undefined): Candidate {
  return found.protocol || !fallback ? found : { ...found, protocol: fallback };
}

class Collector {
  readonly seen = new Map<string, Candidate>();
  readonly unread: UnreadLine[] = [];
  constructor(private readonly fallback: ProxyProtocolName | undefined) {}

  add(found: Candidate | undefined): void {
    if (!found) return;
    const entry = withDefault(found, this.fallback);
    this.seen.set(`${entry.host}|${entry.port}|${entry.protocol ?? ""}`, entry);
  }

  /** A line as the check endpoint takes it, else every address embedded in it. */
  line(text: string, protocol?: ProxyProtocolName): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const whole = parseListedLine(trimmed);
    if (whole.ok) {
      const { proxy } = whole;
      const named = proxy.protocol ? listedProtocol(proxy.protocol) : protocol;
      const found = candidate(proxy.host, proxy.port, named);
      if (found && proxy.username !== undefined && proxy.password !== undefined) {
        this.add({ ...found, username: proxy.username, password: proxy.password });
      } else this.add(found);
      return;
    }
    let found = false;
    for (const match of trimmed.matchAll(EMBEDDED)) {
      const [, scheme, ipv4, ipv6, port] = match;
      const embedded = candidate(ipv4 ?? ipv6 ?? "", port ?? "", protocolOf(scheme) ?? protocol);
      found ||= embedded !== undefined;
      this.add(embedded);
    }
    if (!found && !trimmed.startsWith("#") && this.unread.length < MAX_UNREAD) {
      this.unread.push({ line: trimmed.slice(0, 200), error: whole.error });
    }
  }

  list(): ParsedSourceList {
    const candidates = [...this.seen.values()];
    return {
      candidates,
      withCredentials: candidates.filter((entry) => entry.username !== undefined).length,
      unread: this.unread,
    };
  }
}

const JsonProxy = z.looseObject({
  ip: z.string().optional(),
  host: z.string().optional(),
  address: z.string().optional(),
  port: z.union([z.number(), z.string()]),
  protocol: z.unknown().optional(),
  type: z.unknown().optional(),
  protocols: z.unknown().optional(),
});

function jsonProtocol(entry: z.infer<typeof JsonProxy>): ProxyProtocolName | undefined {
  for (const field of [entry.protocol, entry.type, entry.protocols]) {
    const names = Array.isArray(field) ? field : [field];
    for (const name of names) {
      const protocol = protocolOf(name);
      if (protocol) return protocol;
    }
  }
  return undefined;
}

function walkJson(value: unknown, into: Collector, depth: number): void {
  if (depth > MAX_JSON_DEPTH) return;
  if (typeof value === "string") {
    into.line(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walkJson(item, into, depth + 1);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const entry = JsonProxy.safeParse(value);
  const host = entry.success ? (entry.data.ip ?? entry.data.host ?? entry.data.address) : undefined;
  if (entry.success && host !== undefined) {
    // Some lists put "ip:port" in the host field and repeat the port.
    if (host.includes(":") && !isIPv6(host)) into.line(host);
    else into.add(candidate(host, entry.data.port, jsonProtocol(entry.data)));
    return;
  }
  for (const nested of Object.values(value)) walkJson(nested, into, depth + 1);
}

const HOST_COLUMN = /^(ip|host|address|ip_address|ipaddress|server)$/i;
const PORT_COLUMN = /^port$/i;
const PROTOCOL_COLUMN = /^(protocol|type|scheme|protocols)$/i;
const PROXY_COLUMN = /^(proxy|proxies|url)$/i;

function csvCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

/** A header-led CSV list, or false when the text has no such header. */
function readCsv(lines: string[], into: Collector): boolean {
  const headerIndex = lines.findIndex((line) => line.trim() !== "");
  const header = lines[headerIndex];
  if (header === undefined) return false;
  const delimiter = [",", ";", "\t"].find((mark) => header.includes(mark));
  if (!delimiter) return false;
  const columns = csvCells(header, delimiter);
  const hostAt = columns.findIndex((name) => HOST_COLUMN.test(name));
  const portAt = columns.findIndex((name) => PORT_COLUMN.test(name));
  const proxyAt = columns.findIndex((name) => PROXY_COLUMN.test(name));
  const protocolAt = columns.findIndex((name) => PROTOCOL_COLUMN.test(name));
  if ((hostAt < 0 || portAt < 0) && proxyAt < 0) return false;
  for (const line of lines.slice(headerIndex + 1)) {
    if (!line.trim()) continue;
    const cells = csvCells(line, delimiter);
    const protocol = protocolAt < 0 ? undefined : protocolOf(cells[protocolAt]);
    if (hostAt >= 0 && portAt >= 0) into.add(candidate(cells[hostAt] ?? "", cells[portAt] ?? "", protocol));
    else into.line(cells[proxyAt] ?? "", protocol);
  }
  return true;
}

/**
 * Reads a proxy list in any of the forms public lists use: JSON (arrays of strings or of objects
 * with ip/host and port), CSV with a header, or text with addresses anywhere in its lines.
 * Only IP literals are taken; duplicates are folded. `protocol` applies where an entry names none.
 */
export function parseSourceList(text: string, protocol?: ProxyProtocolName): ParsedSourceList {
  const into = new Collector(protocol);
  const start = text.trimStart()[0];
  if (start === "[" || start === "{") {
    try {
      walkJson(JSON.parse(text), into, 0);
      return into.list();
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  const lines = text.split(/\r?\n/);
  if (!readCsv(lines, into)) for (const line of lines) into.line(line);
  return into.list();
}
