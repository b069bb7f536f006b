import { z } from "zod";

/**
 * The per-proxy fields the public list and the premium pool both serve beyond the basics: what
 * answered, where the traffic leaves and how often the proxy was checked. One shape, so the two
 * lists' documents cannot drift apart.
 */
export const proxyExitFields = {
  protocols: z.array(z.string()).meta({
    description:
      "Every protocol that answered the last successful check; `protocol` is the one the list serves",
  }),
  https: z.boolean().meta({
    description:
      "Tunnels CONNECT to TLS: an http proxy that HTTPS sites can be reached through (`https` answered)",
  }),
  exit_ip: z.string().nullable().meta({ description: "The address the judge saw the check come from" }),
  asn: z.int().min(1).nullable().meta({
    description: "Autonomous system of the exit address, from the bundled offline ASN database",
  }),
  org: z
    .string()
    .nullable()
    .meta({ description: "The organisation that autonomous system is registered to" }),
  last_success_at: z.iso
    .datetime({ offset: true })
    .nullable()
    .meta({ description: "The last check that succeeded" }),
  checks: z
    .int()
    .min(0)
    .meta({ description: "How many checks were stored for the proxy, successful or not" }),
  targets_ok: z.boolean().nullable().meta({
    description:
      "Every one of the operator's default targets (VERIFIED_TARGETS) answered as expected through the proxy at its last successful check; null when none were set then",
  }),
};

/** A premium entry's last check, as the pool's admin list and its served list both write it. */
export const premiumLastCheckFields = {
  country: z.string().nullable(),
  anonymity: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  uptime_score: z.number(),
  checked_at: z.iso.datetime().nullable(),
};

/** The job item's counterpart: a check's own answer, so no history fields. */
export const checkItemExitFields = {
  https: proxyExitFields.https,
  asn: proxyExitFields.asn,
  org: proxyExitFields.org,
};
