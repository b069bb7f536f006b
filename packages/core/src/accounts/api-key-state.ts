import type { ApiKeyRecord, CreatedApiKey } from "./account-record.ts";

/** What a key is now: accepted (`active`, or `rolling` until its grace ends) or refused. */
export type ApiKeyState = "active" | "revoked" | "expired" | "rolling";

export function apiKeyState(
  key: Pick<ApiKeyRecord, "revokedAt" | "expiresAt" | "rolledAt">,
  now: Date = new Date(),
): ApiKeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return key.rolledAt ? "rolling" : "active";
}

/** The end of a key made at `from` that lives `days`; null lives until revoked. */
export function keyExpiry(from: Date, days: number | null): Date | null {
  return days === null ? null : new Date(from.getTime() + days * 86_400_000);
}

export const rollGraces = { none: 0, "1h": 3_600_000, "24h": 86_400_000 } as const;
export type RollGrace = keyof typeof rollGraces;

export interface RolledApiKey extends CreatedApiKey {
  /** The key it replaces, now rolling (or revoked with no grace). */
  old: ApiKeyRecord;
}
