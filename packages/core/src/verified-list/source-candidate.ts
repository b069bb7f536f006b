import {
  listedProtocol,
  normaliseHost,
  type ProxyProtocolName,
  parseListedLine,
  proxySchemes,
} from "@sieve/vocabulary";

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
// `ip:port CC-A-S! +`: country, anonymity (N, A, H), S for HTTPS support, ! and + flags.
const SSL_DECORATION = /\s[A-Z]{2}-[NAH]!?-S!?(?:\s+[+-])?\s*$/;
// Enough examples to say what is wrong with a file, bounded whatever its size.
const MAX_UNREAD = 1_000;

export const protocolOf = (name: unknown): ProxyProtocolName | undefined =>
  typeof name === "string" ? PROTOCOL_NAMES[name.trim().toLowerCase()] : undefined;

export function candidate(
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

/** Gathers a list's candidates, folding duplicates; text lines that name none are kept as unread. */
export class Collector {
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
      // spys' and clarketm's `CC-A-S`: the S says an HTTP proxy also tunnels HTTPS.
      const socksList = this.fallback === "socks4" || this.fallback === "socks5";
      if (found && !proxy.protocol && !socksList && SSL_DECORATION.test(trimmed)) {
        this.add({ ...found, protocol: "https" });
      }
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
