import { SieveError } from "@sieve/vocabulary";
import { z } from "zod";
import { roles } from "../permissions.ts";

/** Inputs of the account and key repositories, validated at their edge. */

const MAX_PREMIUM_DAYS = 36_500;

export const recordId = z.guid({ error: "must be a UUID" });

export const premiumDays = z
  .number({ error: "must be a number" })
  .int({ error: "must be a whole number of days" })
  .min(0, { error: "must not be negative" })
  .max(MAX_PREMIUM_DAYS, { error: `must be at most ${MAX_PREMIUM_DAYS}` });

export const roleInput = z.enum(roles, { error: `must be one of ${roles.join(", ")}` });

export const createAccountInput = z.object({
  // Lower-cased so one mailbox cannot hold two accounts through different spellings.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "must be an email address" })),
  role: roleInput.default("user"),
  premiumDays: premiumDays.optional(),
});
export type CreateAccountInput = z.input<typeof createAccountInput>;

const MAX_KEY_DAYS = 3650;

/** How long a new key lives in days; null never expires. The dashboard offers 30, 90 and 365. */
export const keyLifetimeDays = z
  .number({ error: "must be a number of days or null" })
  .int({ error: "must be a whole number of days" })
  .min(1, { error: "must be at least 1" })
  .max(MAX_KEY_DAYS, { error: `must be at most ${MAX_KEY_DAYS}` })
  .nullable()
  .default(null);

export const createApiKeyInput = z.object({
  accountId: recordId,
  name: z.string().trim().max(100, { error: "must be at most 100 characters" }).default(""),
  expiresDays: keyLifetimeDays,
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** Parses with `schema` or throws `invalid_request` naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, label?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [label, ...(issue?.path ?? [])].filter((part) => part !== undefined).join(".");
  const message = issue?.message ?? "is invalid";
  throw new SieveError("invalid_request", field ? `${field} ${message}` : message, { field });
}

/** The end of a premium subscription `days` from `now`; 0 days means none. */
export function premiumUntilFrom(days: number, now: Date): Date | null {
  return days === 0 ? null : new Date(now.getTime() + days * 86_400_000);
}
