import { isIPv6 } from "node:net";
import type { ProxyProtocolName } from "@sieve/vocabulary";
import { z } from "zod";
import { type Collector, candidate, protocolOf } from "./source-candidate.ts";

const MAX_JSON_DEPTH = 6;

// The layouts of the common JSON lists: proxifly (ip, port, protocol, https), ProxyScrape
// (ip, port, protocol, ssl, under "proxies"), Geonode (ip, port as text, protocols[], under
// "data"), monosans (host, port, protocol, username, password).
const address = z.string().optional();
// Lists write these in every type there is; namedProtocols and addEntry make sense of them.
const loose = z.unknown().optional();
const JsonProxy = z.looseObject({
  ip: address,
  host: address,
  address,
  port: z.union([z.number(), z.string()]),
  protocol: loose,
  type: loose,
  protocols: loose,
  https: loose,
  ssl: loose,
  username: loose,
  password: loose,
});
type JsonProxy = z.infer<typeof JsonProxy>;

const YES = new Set([true, 1, "true", "yes", "1"]);

/** Every protocol an entry names: lists give one, several (an array, or "http,https"), or a flag for HTTPS. */
export function namedProtocols(fields: readonly unknown[], httpsFlags: readonly unknown[] = []) {
  const found = new Set<ProxyProtocolName>();
  for (const field of fields) {
    const names = Array.isArray(field)
      ? field
      : typeof field === "string"
        ? field.split(/[\s,;/|]+/)
        : [field];
    for (const name of names) {
      const protocol = protocolOf(name);
      if (protocol) found.add(protocol);
    }
  }
  if (httpsFlags.some((flag) => YES.has(typeof flag === "string" ? flag.toLowerCase() : (flag as never)))) {
    found.add("https");
  }
  return [...found];
}

function addEntry(entry: JsonProxy, host: string, into: Collector): void {
  const protocols = namedProtocols([entry.protocol, entry.type, entry.protocols], [entry.https, entry.ssl]);
  const credentials =
    typeof entry.username === "string" && entry.username && typeof entry.password === "string"
      ? { username: entry.username, password: entry.password }
      : {};
  for (const protocol of protocols.length > 0 ? protocols : [undefined]) {
    const found = candidate(host, entry.port, protocol);
    into.add(found && { ...found, ...credentials });
  }
}

/** Walks a JSON list: strings are read as lines; objects with an address and a port are entries. */
export function readJson(value: unknown, into: Collector, depth = 0): void {
  if (depth > MAX_JSON_DEPTH) return;
  if (typeof value === "string") {
    into.line(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) readJson(item, into, depth + 1);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const entry = JsonProxy.safeParse(value);
  const host = entry.success ? (entry.data.ip ?? entry.data.host ?? entry.data.address) : undefined;
  if (entry.success && host !== undefined) {
    // Some lists put "ip:port" in the host field and repeat the port.
    if (host.includes(":") && !isIPv6(host)) into.line(host);
    else addEntry(entry.data, host, into);
    return;
  }
  for (const nested of Object.values(value)) readJson(nested, into, depth + 1);
}
