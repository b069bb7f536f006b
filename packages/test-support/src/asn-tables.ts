import { fileURLToPath } from "node:url";

/**
 * ASN tables in ip-location-db's layout (for ASN_DB_DIR or `openAsnDb`) that put all of
 * 127.0.0.0/8 in AS64500 "Sieve Loopback, Test Net" (a documentation ASN) and ::1 in AS64501, so
 * tests see the exit network of proxies that leave from loopback addresses.
 */
export const loopbackAsnTablesDir = fileURLToPath(new URL("../fixtures/asn-loopback/", import.meta.url));
export const loopbackAsn = { asn: 64500, org: "Sieve Loopback, Test Net" } as const;
