import type { Role } from "../permissions.ts";

export type AccountStatus = "active" | "suspended";

/** An account as repositories hand it out: a plain object, no Prisma types. */
export interface AccountRecord {
  id: string;
  email: string;
  role: Role;
  status: AccountStatus;
  premiumUntil: Date | null;
  /** When the owner proved the address is theirs; null until then. */
  emailVerifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A key as repositories hand it out; the digest never leaves the database. */
export interface ApiKeyRecord {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  rolledAt: Date | null;
  lifetimeDays: number | null;
}

/** A newly created key: `key` is the full secret, returned this once and never stored. */
export interface CreatedApiKey {
  apiKey: ApiKeyRecord;
  key: string;
}

export const accountSelect = {
  id: true,
  email: true,
  role: true,
  status: true,
  premiumUntil: true,
  emailVerifiedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const apiKeySelect = {
  id: true,
  accountId: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
  rolledAt: true,
  lifetimeDays: true,
} as const;
