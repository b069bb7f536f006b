import { ProxyProtocol, TargetResult } from "@sieve/vocabulary";
import { z } from "zod";

export const ProbeStatus = z.enum(["live", "dead", "blocked"]);
export type ProbeStatus = z.infer<typeof ProbeStatus>;

export const ProbeReason = z.enum([
  "timeout",
  "refused",
  "reset",
  "auth_failed",
  "protocol_error",
  "bad_judge_response",
  "blocked_target",
]);
export type ProbeReason = z.infer<typeof ProbeReason>;

export const Anonymity = z.enum(["transparent", "anonymous", "elite"]);
export type Anonymity = z.infer<typeof Anonymity>;

/** One probe's outcome, in the field names the API, the CLI and the database use. */
export const ProbeResult = z.object({
  status: ProbeStatus,
  reason: ProbeReason.nullable(),
  protocols: z.array(ProxyProtocol),
  protocol: ProxyProtocol.nullable(),
  connect_ms: z.number().nullable(),
  ttfb_ms: z.number().nullable(),
  total_ms: z.number(),
  exit_ip: z.string().nullable(),
  country: z.string().nullable(),
  /** The exit address's autonomous system, from the offline ASN database. */
  asn: z.number().int().nullable(),
  /** The organisation that autonomous system is registered to. */
  org: z.string().nullable(),
  /** Null unless anonymity was asked for and the proxy is live. */
  anonymity: Anonymity.nullable(),
  anonymity_evidence: z.array(z.string()).nullable(),
  /** The targets asked for, each requested through the proxy once it was found live. */
  targets: z.array(TargetResult).optional(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;
