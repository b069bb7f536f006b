import { SieveError } from "@sieve/vocabulary";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { issueApiKey } from "../keys/api-key.ts";
import { type CreateApiKeyInput, createApiKeyInput, parseInput, recordId } from "./account-inputs.ts";
import { type ApiKeyRecord, apiKeySelect, type CreatedApiKey } from "./account-record.ts";
import { accountNotFound } from "./account-repository.ts";
import { FOREIGN_KEY_VIOLATION, hasPrismaCode } from "./prisma-errors.ts";

export interface ApiKeyRepositoryDeps {
  prisma: PrismaClient;
}

/** API keys: only the SHA-256 digest and a display prefix are stored. */
export function createApiKeyRepository(deps: ApiKeyRepositoryDeps) {
  const { prisma } = deps;

  return {
    /** Issues a key for the account; the full key is in the result and nowhere else. */
    async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
      const { accountId, name } = parseInput(createApiKeyInput, input);
      const issued = issueApiKey();
      try {
        const apiKey = await prisma.apiKey.create({
          data: { accountId, name, prefix: issued.prefix, digest: issued.digest },
          select: apiKeySelect,
        });
        return { apiKey, key: issued.key };
      } catch (error) {
        if (hasPrismaCode(error, FOREIGN_KEY_VIOLATION)) throw accountNotFound(accountId);
        throw error;
      }
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
     * starts afterwards, on any replica, finds the key revoked.
     */
    async revoke(id: string): Promise<ApiKeyRecord> {
      const keyId = parseInput(recordId, id, "key id");
      await prisma.$executeRaw`UPDATE api_keys SET revoked_at = now() WHERE id = ${keyId}::uuid AND revoked_at IS NULL`;
      const apiKey = await prisma.apiKey.findUnique({ where: { id: keyId }, select: apiKeySelect });
      if (!apiKey) throw new SieveError("not_found", `no API key with id ${keyId}`);
      return apiKey;
    },
  };
}
export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
