import {
  checkJobConfig,
  databaseConfig,
  guardConfig,
  logConfig,
  queueConfig,
  redisConfig,
  webhookGuardConfig,
} from "@sieve/vocabulary";
import { z } from "zod";

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const ApiConfig = z.object({
  ...databaseConfig.shape,
  ...redisConfig.shape,
  ...logConfig.shape,
  ...queueConfig.shape,
  ...checkJobConfig.shape,
  ...guardConfig.shape,
  ...webhookGuardConfig.shape,
  /** Address and port the API listens on. */
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Express `trust proxy` setting, for deployments behind a load balancer (e.g. `1` or `loopback`). */
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((value) => {
      if (value === "true" || value === "false") return value === "true";
      return /^\d+$/.test(value) ? Number(value) : value;
    }),
  /** Requests per window for each category and tier (api_read per minute, the others per hour). */
  RATE_LIMIT_API_READ_FREE: limit(60),
  RATE_LIMIT_API_READ_PREMIUM: limit(300),
  RATE_LIMIT_API_CHECK_FREE: limit(20),
  RATE_LIMIT_API_CHECK_PREMIUM: limit(200),
  RATE_LIMIT_API_EXPORT_FREE: limit(10),
  RATE_LIMIT_API_EXPORT_PREMIUM: limit(60),
  /** Turns on Bull Board's actions (retry, promote, clean, remove); the board is read-only without it. */
  QUEUE_BOARD_ACTIONS: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
  /**
   * Distinct destination hosts a free account may have checked per UTC day (premium accounts and
   * admins are not capped): a free key cannot sweep an address range.
   */
  FREE_DAILY_DISTINCT_HOSTS: limit(5000),
  /**
   * Keeps successful API key lookups in memory (per replica, 10,000 keys, 60 s at most) instead of
   * asking PostgreSQL on every request. Every writer of keys and accounts invalidates the caches
   * over Redis pub/sub and waits for the replicas' acks (or for the 1.5 s bound a replica out of
   * touch with Redis stops trusting its cache in). A change made outside Sieve's writers (SQL by
   * hand) reaches the caches too, a moment after its commit, from the database's own triggers
   * (key-change-feed.ts). `false` looks every key up in PostgreSQL.
   */
  API_KEY_CACHE: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("true")
    .transform((value) => value === "true"),
  /** Requests per minute from one client address (IPv6 by /64), counted before authentication. */
  RATE_LIMIT_IP_PER_MINUTE: limit(1200),
  /** Failed authentications one address may make in 15 minutes before it is refused unread. */
  RATE_LIMIT_AUTH_FAILURES: limit(30),
  /**
   * How long a list's `total` and `refreshed_at` may be served from cache. A minute: the list
   * changes by re-checks spread over minutes, and each of the many filter sets in use costs a
   * count when it expires (recounted one at a time in the background).
   */
  LIST_META_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Connections of the pool that streams exports, apart from DATABASE_POOL_MAX. */
  DATABASE_EXPORT_POOL_MAX: z.coerce.number().int().min(1).max(200).default(4),
  /** How long a request waits for a free database connection before it is answered 503. */
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** PostgreSQL statement_timeout of the API's queries; exports get EXPORT_TIMEOUT_MS instead. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** The longest one export may run, as its statement_timeout. */
  EXPORT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** Exports one API process streams at once; more get a 429 to retry. */
  EXPORT_MAX_RUNNING: z.coerce.number().int().min(1).default(4),
  /** Exports one account streams at once on one API process. */
  EXPORT_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(2),
  /** An export whose reader takes nothing for this long is ended and its connection freed. */
  EXPORT_STALL_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * A dashboard session unused this long ends (12 hours: a working day without signing in
   * again, while a browser left signed in overnight is not).
   */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(720),
  /** A dashboard session ends this many days after sign-in however active it is. */
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** SMTP server for verification and reset mails, e.g. `smtp://user:pass@host:587`; unset: the link is logged. */
  SMTP_URL: z.string().min(1).optional(),
  /** Sender of the dashboard's mails. */
  SMTP_FROM: z.string().min(1).default("Sieve <sieve@localhost>"),
  /** Where people open the dashboard, for links in mails and the docs page; unset: http://HOST:PORT. */
  PUBLIC_BASE_URL: z
    .url({ error: "PUBLIC_BASE_URL must be an http(s) URL" })
    .refine((value) => /^https?:\/\//.test(value), { error: "PUBLIC_BASE_URL must be an http(s) URL" })
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  /** Failed sign-ins allowed per email address in 15 minutes, then a wait. */
  SIGNIN_FAILURES_PER_ACCOUNT: limit(5),
  /** Failed sign-ins allowed per client address in an hour, then a wait. */
  SIGNIN_FAILURES_PER_IP: limit(50),
  /** The built dashboard served at `/`; unset: `apps/web/dist` of this checkout. */
  DASHBOARD_DIST_DIR: z.string().min(1).optional(),
  /**
   * Port of a separate listener answering `GET /metrics` (Prometheus text); unset, none is opened.
   * Apart from PORT so the metrics never face the public side of the load balancer.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the metrics listener binds (`0.0.0.0` in a container, for the scraper). */
  METRICS_HOST: z.string().default("127.0.0.1"),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
