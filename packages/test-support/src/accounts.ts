import { randomBytes } from "node:crypto";
import { issueApiKey, type PrismaClient } from "@sieve/core";

export interface TestAccount {
  accountId: string;
  keyId: string;
  key: string;
}

/** An account with one key, made straight in the database for tests of the API. */
export async function createTestAccount(
  prisma: PrismaClient,
  options: {
    role?: "user" | "readonly" | "admin";
    status?: "active" | "suspended";
    premiumUntil?: Date | null;
  } = {},
): Promise<TestAccount> {
  const account = await prisma.account.create({
    data: {
      email: `test-${randomBytes(6).toString("hex")}@example.test`,
      role: options.role ?? "user",
      status: options.status ?? "active",
      premiumUntil: options.premiumUntil ?? null,
    },
  });
  const issued = issueApiKey();
  const key = await prisma.apiKey.create({
    data: { accountId: account.id, name: "test", prefix: issued.prefix, digest: issued.digest },
  });
  return { accountId: account.id, keyId: key.id, key: issued.key };
}
