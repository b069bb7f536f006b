import { createTargetGuard, guardConfig, type TargetGuard } from "@sieve/vocabulary";
import { z } from "zod";
import { openAsnDb } from "./asn-db.ts";
import type { Dial } from "./dial.ts";
import { openGeoIp } from "./geoip.ts";
import { parseJudgeUrl } from "./judge-endpoint.ts";
import { learnOwnAddresses } from "./own-addresses.ts";
import { createProber, type Prober } from "./prober.ts";

const checks = (parse: (value: string) => unknown) => (value: string) => {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
};
const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

/** Config fragment for every process that probes (worker, CLI). */
export const probeConfig = z.object({
  /** The judge's plain-HTTP listener, by IP literal. */
  JUDGE_URL: z
    .string()
    .default("http://127.0.0.1:8080/")
    .refine(
      checks((value) => parseJudgeUrl(value, "http")),
      "must be an http:// URL with an IP address host",
    ),
  /** The judge's HTTPS listener, reached through CONNECT tunnels. */
  JUDGE_HTTPS_URL: z
    .string()
    .default("https://127.0.0.1:8443/")
    .refine(
      checks((value) => parseJudgeUrl(value, "https")),
      "must be an https:// URL with an IP address host",
    ),
  /** HMAC secret shared with the judge. */
  JUDGE_SECRET: z.string().min(16, "must be at least 16 characters"),
  ...guardConfig.shape,
  /** An MMDB country database replacing the bundled public-domain one. */
  GEOIP_DB_PATH: z.string().min(1).optional(),
  /** A folder of ASN tables (`asn-ipv4-num.csv`, `asn-ipv6-num.csv`) replacing the bundled ones. */
  ASN_DB_DIR: z.string().min(1).optional(),
  PROBE_CONNECT_TIMEOUT_MS: milliseconds(5_000),
  PROBE_HANDSHAKE_TIMEOUT_MS: milliseconds(5_000),
  PROBE_TOTAL_TIMEOUT_MS: milliseconds(10_000),
  /** Bytes read from one connection at most. */
  PROBE_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
});
export type ProbeConfig = z.infer<typeof probeConfig>;

/** A prober with the guard it dials through, for other dialling work and the start-up log. */
export interface OpenedProber extends Prober {
  readonly guard: TargetGuard;
}

/**
 * Opens the GeoIP and ASN databases, learns this machine's addresses from the judge, and builds the prober,
 * whose guard never dials those addresses, the interfaces' or CHECK_DENY_CIDRS.
 */
export async function openProber(config: ProbeConfig, options: { dial?: Dial } = {}): Promise<OpenedProber> {
  const base = {
    judge: { httpUrl: config.JUDGE_URL, httpsUrl: config.JUDGE_HTTPS_URL, secret: config.JUDGE_SECRET },
    timeouts: {
      connectMs: config.PROBE_CONNECT_TIMEOUT_MS,
      handshakeMs: config.PROBE_HANDSHAKE_TIMEOUT_MS,
      totalMs: config.PROBE_TOTAL_TIMEOUT_MS,
    },
    maxResponseBytes: config.PROBE_MAX_RESPONSE_BYTES,
    ...(options.dial ? { dial: options.dial } : {}),
  };
  const [geoip, asnDb, ownAddresses] = await Promise.all([
    openGeoIp(config.GEOIP_DB_PATH),
    openAsnDb(config.ASN_DB_DIR),
    learnOwnAddresses(base),
  ]);
  const guard = createTargetGuard({
    allowCidrs: config.CHECK_ALLOW_CIDRS,
    denyCidrs: config.CHECK_DENY_CIDRS,
    ownAddresses,
  });
  return { ...createProber({ ...base, geoip, asnDb, ownAddresses, guard }), guard };
}
