import { probeConfig } from "@sieve/probe";
import { count, logConfig } from "@sieve/vocabulary";
import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

export const JudgeConfig = z
  .object({
    ...logConfig.shape,
    /**
     * Address both listeners bind. Production: `::` (IPv4 and IPv6 on a dual-stack host), since
     * proxies everywhere must reach it. `pnpm start` sets 127.0.0.1 unless told otherwise.
     */
    JUDGE_HOST: z.string().default("::"),
    /** Requests one source address (IPv6: one /64) may make per second. */
    JUDGE_MAX_REQUESTS_PER_SECOND: count(20_000, 10_000_000),
    /** Refused requests (bad, forged or expired nonce) one source may make per minute before all of its requests are refused for the rest of it. */
    JUDGE_MAX_REFUSED_PER_MINUTE: count(60, 1_000_000),
    JUDGE_HTTP_PORT: port(8080),
    JUDGE_HTTPS_PORT: port(8443),
    /** HMAC secret shared with the workers; answers signed with it cannot be forged by proxies. */
    JUDGE_SECRET: probeConfig.shape.JUDGE_SECRET,
    /** PEM certificate and key for the HTTPS listener; without both, a self-signed pair is made at start. */
    JUDGE_TLS_CERT_FILE: z.string().min(1).optional(),
    JUDGE_TLS_KEY_FILE: z.string().min(1).optional(),
    /** Port of a small listener answering `/livez` and `/readyz`; unset, none is opened. */
    HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** Address the health listener binds (`0.0.0.0` in a container, for the kubelet). */
    HEALTH_HOST: z.string().default("127.0.0.1"),
  })
  .refine(
    (config) => (config.JUDGE_TLS_CERT_FILE === undefined) === (config.JUDGE_TLS_KEY_FILE === undefined),
    {
      message: "JUDGE_TLS_CERT_FILE and JUDGE_TLS_KEY_FILE must be set together",
      path: ["JUDGE_TLS_CERT_FILE"],
    },
  );
export type JudgeConfig = z.infer<typeof JudgeConfig>;
