import { SieveError } from "@sieve/vocabulary";
import type { KeyInvalidation } from "../auth/key-invalidation-publisher.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { issueApiKey } from "../keys/api-key.ts";
import { type CreateApiKeyInput, createApiKeyInput, parseInput, recordId } from "./account-inputs.ts";
import { type ApiKeyRecord, apiKeySelect, type CreatedApiKey } from "./account-record.ts";
import { accountNotFound } from "./account-repository.ts";
import { type ApiKeyState, apiKeyState, keyExpiry, type RolledApiKey } from "./api-key-state.ts";
import { FOREIGN_KEY_VIOLATION, hasPrismaCode } from "./prisma-errors.ts";

export interface ApiKeyRepositoryDeps {
  prisma: PrismaClient;
  /**
   * Tells the API replicas' key caches of revocations and rolls once they have committed.
   * Required, so no writer of keys can forget it; `noKeyInvalidation` where nothing caches.
   */
  invalidation: KeyInvalidation;
}

function keyNotFound(id: string): SieveError {
  return new SieveError("not_found", `no API key with id ${id}`);
}

/** API keys: only the SHA-256 digest and a display prefix are stored. */
export function createApiKeyRepository(deps: ApiKeyRepositoryDeps) {
  const { prisma } = deps;
  // Expiry and grace ends are computed here; the authenticator compares them with the same clock.
  const now = () => new Date();

  async function find(keyId: string, accountId?: string): Promise<ApiKeyRecord> {
    const apiKey = await prisma.apiKey.findUnique({ where: { id: keyId }, select: apiKeySelect });
    if (!apiKey || (accountId !== undefined && apiKey.accountId !== accountId)) throw keyNotFound(keyId);
    return apiKey;
  }

  return {
    /** Issues a key for the account; the full key is in the result and nowhere else. */
    async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
      const { accountId, name, expiresDays } = parseInput(createApiKeyInput, input);
      const issued = issueApiKey();
      try {
        const apiKey = await prisma.apiKey.create({
          data: {
            accountId,
            name,
            prefix: issued.prefix,
            digest: issued.digest,
            lifetimeDays: expiresDays,
            expiresAt: keyExpiry(now(), expiresDays),
          },
          select: apiKeySelect,
        });
        return { apiKey, key: issued.key };
      } catch (error) {
        if (hasPrismaCode(error, FOREIGN_KEY_VIOLATION)) throw accountNotFound(accountId);
        throw error;
      }
    },

    /** One key; with `accountId`, another account's key is the same 404 as none. */
    async get(id: string, accountId?: string): Promise<ApiKeyRecord> {
      return find(parseInput(recordId, id, "key id"), accountId);
    },

    /** Every key of the account, revoked ones included, oldest first. */
    async listForAccount(id: string): Promise<ApiKeyRecord[]> {
      const accountId = parseInput(recordId, id, "account id");
      const account = await prisma.account.findUnique({
        where: { id: accountId },
        select: { apiKeys: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: apiKeySelect } },
      });
      if (!account) throw accountNotFound(accountId);
      return account.apiKeys;
    },

    /**
     * Revokes the key; revoking it again keeps the first revocation time. The time is the
     * database's own clock, and the update has committed when this returns, so every request that
     * starts afterwards, on any replica, finds the key revoked: every replica's key cache has
     * dropped it, or has stopped trusting itself (key-invalidation-publisher.ts).
     */
    async revoke(id: string, accountId?: string): Promise<ApiKeyRecord> {
      const keyId = parseInput(recordId, id, "key id");
      await find(keyId, accountId);
      await prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${keyId}::uuid AND revoked_at IS NULL`;
      await deps.invalidation.invalidate({ keyIds: [keyId] });
      return find(keyId);
    },

    /**
     * A new key in place of this one, with the same name and lifetime. The old key keeps working
     * for `graceMs` (0: revoked now), so clients can switch without an outage.
     */
    async roll(id: string, graceMs: number, accountId?: string): Promise<RolledApiKey> {
      const keyId = parseInput(recordId, id, "key id");
      const old = await find(keyId, accountId);
      const at = now();
      const state: ApiKeyState = apiKeyState(old, at);
      if (state !== "active") throw new SieveError("conflict", `the key is ${state} and cannot be rolled`);
      const issued = issueApiKey();
      const graceEnd = new Date(at.getTime() + graceMs);
      const rolled = await prisma.$transaction(async (tx) => {
        const retired = await tx.apiKey.update({
          where: { id: keyId },
          data:
            graceMs === 0
              ? { rolledAt: at, revokedAt: at }
              : {
                  rolledAt: at,
                  // A grace never extends a key past the end it already had.
                  expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd,
                },
          select: apiKeySelect,
        });
        const apiKey = await tx.apiKey.create({
          data: {
            accountId: old.accountId,
            name: old.name,
            prefix: issued.prefix,
            digest: issued.digest,
            lifetimeDays: old.lifetimeDays,
            expiresAt: keyExpiry(at, old.lifetimeDays),
          },
          select: apiKeySelect,
        });
        return { apiKey, key: issued.key, old: retired };
      });
      // After the commit: the old key's cached end is the end it had before the grace.
      await deps.invalidation.invalidate({ keyIds: [keyId] });
      return rolled;
    },
  };
}
export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
