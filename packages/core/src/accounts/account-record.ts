import type { Role } from "../permissions.ts";

export type AccountStatus = "active" | "suspended";

/** An account as repositories hand it out: a plain object, no Prisma types. */
export interface AccountRecord {
  id: string;
  email: string;
  role: Role;
  status: AccountStatus;
  premiumUntil: Date | null;
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
} as const;
