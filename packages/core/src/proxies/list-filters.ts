import { proxyProtocols } from "@sieve/vocabulary";
import { z } from "zod";

/** Query parameters of GET /api/proxies, its export and the premium pool, as the API reference lists them. */

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

/** A filter that is either on (`true`) or absent; `false` would read as a filter it is not. */
const trueOnly = (name: string) =>
  z
    .literal("true", { error: `${name} must be true (leave it out for every proxy)` })
    .transform(() => true as const)
    .optional();

export const anonymityLevels = ["transparent", "anonymous", "elite"] as const;

export const ProxyListFilters = z.strictObject({
  protocol: z.enum(proxyProtocols, { error: "protocol must be http, https, socks4 or socks5" }).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "country must be a two-letter ISO code such as US")
    .transform((code) => code.toUpperCase())
    .optional(),
  anonymity: z
    .enum(anonymityLevels, { error: "anonymity must be transparent, anonymous or elite" })
    .optional(),
  fresh_minutes: wholeNumber("fresh_minutes", 1, 525_600).default(1440),
  max_latency_ms: wholeNumber("max_latency_ms", 0, 600_000).optional(),
  min_uptime: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, "min_uptime must be a number from 0 to 1")
    .transform(Number)
    .optional(),
  asn: wholeNumber("asn", 1, 4_294_967_295).optional(),
  https: trueOnly("https"),
  exit_differs: trueOnly("exit_differs"),
  // Both ways: false picks the proxies that failed a default target (rewrote a page, …).
  targets_ok: z
    .enum(["true", "false"], { error: "targets_ok must be true or false" })
    .transform((value) => value === "true")
    .optional(),
});
export type ProxyListFilters = z.infer<typeof ProxyListFilters>;

/** Deep pages cost an OFFSET scan; 10,000 pages of 200 covers any list we serve. */
export const MAX_PAGE = 10_000;

export const Pagination = z.strictObject({
  page: wholeNumber("page", 1, MAX_PAGE).default(1),
  limit: wholeNumber("limit", 1, 200).default(50),
});
export type Pagination = z.infer<typeof Pagination>;
