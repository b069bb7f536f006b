import { type AccountRecord, type ApiKeyRecord, apiKeyState } from "@sieve/core";

export interface OutputOptions {
  json?: boolean;
}

/** Writes `data` as JSON with --json, else the human lines. */
export function emit(options: OutputOptions, data: unknown, human: () => string[]): void {
  const text = options.json ? JSON.stringify(data, null, 2) : human().join("\n");
  if (text) process.stdout.write(`${text}\n`);
}

export function accountJson(account: AccountRecord) {
  return {
    id: account.id,
    email: account.email,
    role: account.role,
    status: account.status,
    premium_until: account.premiumUntil,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export function apiKeyJson(apiKey: ApiKeyRecord) {
  return {
    id: apiKey.id,
    account_id: apiKey.accountId,
    name: apiKey.name,
    prefix: apiKey.prefix,
    created_at: apiKey.createdAt,
    last_used_at: apiKey.lastUsedAt,
    revoked_at: apiKey.revokedAt,
    expires_at: apiKey.expiresAt,
    state: apiKeyState(apiKey),
  };
}

export function formatTime(time: Date | null): string {
  return time ? time.toISOString() : "-";
}
