import type { Writable } from "node:stream";
import winston from "winston";

export type Logger = winston.Logger;

const API_KEY_PATTERN = /pk_live_[0-9A-Za-z]+/g;
const SECRET_FIELDS = new Set([
  "authorization",
  "password",
  "apikey",
  "api_key",
  "key",
  "secret",
  "credentials",
]);

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(API_KEY_PATTERN, "pk_live_[redacted]");
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error)
    return { name: value.name, message: redactValue(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    out[field] = SECRET_FIELDS.has(field.toLowerCase()) ? "[redacted]" : redactValue(inner, depth + 1);
  }
  return out;
}

/** Keys and credentials never reach a log line, whatever the caller passes. */
const redact = winston.format((info) => {
  for (const field of Object.keys(info)) {
    info[field] = SECRET_FIELDS.has(field.toLowerCase()) ? "[redacted]" : redactValue(info[field]);
  }
  return info;
});

/** JSON lines to stdout: a fixed message plus a fields object. */
export function createLogger(options: {
  service: string;
  level?: string;
  silent?: boolean;
  /** Where lines go instead of stdout (tests read them). */
  stream?: Writable;
}): Logger {
  return winston.createLogger({
    level: options.level ?? "info",
    silent: options.silent ?? false,
    defaultMeta: { service: options.service },
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [
      options.stream
        ? new winston.transports.Stream({ stream: options.stream })
        : new winston.transports.Console(),
    ],
  });
}
