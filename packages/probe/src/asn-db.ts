import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ipaddr from "ipaddr.js";

/** The network an exit address belongs to. */
export interface AsnRecord {
  asn: number;
  /** The autonomous system's organisation, as the registry names it. */
  org: string;
}

/** Offline autonomous-system lookup of an exit IP. */
export interface AsnDb {
  /** Null when the database has no network for the address (private, reserved, unrouted). */
  lookup(ip: string): AsnRecord | null;
}

/**
 * ip-location-db's ASN tables (RouteViews, the five RIRs and DB-IP's organisation names,
 * CC BY 4.0). That package ships CSV only: its MMDB twin is no longer published to npm, so the
 * ranges are read into sorted arrays and searched, which is as fast as an MMDB tree for one lookup.
 */
export function defaultAsnDbDir(): string {
  return dirname(createRequire(import.meta.url).resolve("@ip-location-db/asn/package.json"));
}

interface RangeTable<T extends number | bigint> {
  starts: T[] | Uint32Array;
  ends: T[] | Uint32Array;
  asns: Uint32Array;
  orgIds: Uint32Array;
}

/**
 * Reads `asn-ipv4-num.csv` and `asn-ipv6-num.csv` from `dir`: lines of
 * `start,end,asn,organisation` with inclusive numeric bounds, sorted by start.
 */
export async function openAsnDb(dir: string = defaultAsnDbDir()): Promise<AsnDb> {
  const [v4Text, v6Text] = await Promise.all([
    readFile(join(dir, "asn-ipv4-num.csv"), "utf8"),
    readFile(join(dir, "asn-ipv6-num.csv"), "utf8"),
  ]);
  const orgs: string[] = [];
  const orgIds = new Map<string, number>();
  const orgId = (org: string) => {
    let id = orgIds.get(org);
    if (id === undefined) {
      id = orgs.length;
      orgs.push(org);
      orgIds.set(org, id);
    }
    return id;
  };
  const v4 = readTable(v4Text, Number, orgId, true) as RangeTable<number>;
  const v6 = readTable(v6Text, BigInt, orgId, false) as RangeTable<bigint>;
  return {
    lookup(ip) {
      const key = addressKey(ip);
      if (key === null) return null;
      const at = typeof key === "number" ? find(v4, key) : find(v6, key);
      if (at < 0) return null;
      const table = typeof key === "number" ? v4 : v6;
      return { asn: table.asns[at] as number, org: orgs[table.orgIds[at] as number] as string };
    },
  };
}

function readTable<T extends number | bigint>(
  text: string,
  parse: (digits: string) => T,
  orgId: (org: string) => number,
  packed: boolean,
): RangeTable<T> {
  const lines = text.split("\n").filter((line) => line.length > 0);
  const starts: T[] = [];
  const ends: T[] = [];
  const asns = new Uint32Array(lines.length);
  const ids = new Uint32Array(lines.length);
  let count = 0;
  for (const line of lines) {
    const first = line.indexOf(",");
    const second = line.indexOf(",", first + 1);
    const third = line.indexOf(",", second + 1);
    if (first < 0 || second < 0 || third < 0) continue;
    const asn = Number(line.slice(second + 1, third));
    if (!Number.isInteger(asn) || asn <= 0) continue;
    starts.push(parse(line.slice(0, first)));
    ends.push(parse(line.slice(first + 1, second)));
    asns[count] = asn;
    ids[count] = orgId(unquote(line.slice(third + 1).trimEnd()));
    count += 1;
  }
  return {
    starts: packed ? Uint32Array.from(starts as number[]) : starts,
    ends: packed ? Uint32Array.from(ends as number[]) : ends,
    asns: asns.subarray(0, count),
    orgIds: ids.subarray(0, count),
  };
}

/** A CSV field: `"Cloudflare, Inc."` keeps its comma, `""` is one quote. */
function unquote(field: string): string {
  if (!field.startsWith('"') || !field.endsWith('"') || field.length < 2) return field;
  return field.slice(1, -1).replaceAll('""', '"');
}

/** The last range starting at or before `key`, if it also ends at or after it. */
function find<T extends number | bigint>(table: RangeTable<T>, key: T): number {
  let low = 0;
  let high = table.asns.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((table.starts[mid] as T) <= key) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found >= 0 && (table.ends[found] as T) >= key ? found : -1;
}

/** IPv4 (also IPv4-mapped IPv6) as a number, IPv6 as a bigint; null for anything else. */
function addressKey(ip: string): number | bigint | null {
  if (!ipaddr.isValid(ip)) return null;
  let address = ipaddr.parse(ip);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const bytes = address.toByteArray();
  if (address.kind() === "ipv4") {
    return (
      (((bytes[0] as number) << 24) >>> 0) +
      ((bytes[1] as number) << 16) +
      ((bytes[2] as number) << 8) +
      (bytes[3] as number)
    );
  }
  let key = 0n;
  for (const byte of bytes) key = (key << 8n) | BigInt(byte);
  return key;
}
