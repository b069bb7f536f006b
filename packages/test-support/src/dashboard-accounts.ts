import { randomBytes } from "node:crypto";
import { hashPassword, type PrismaClient } from "@sieve/core";

export const TEST_PASSWORD = "a long enough test password";

export interface PersonAccount {
  accountId: string;
  email: string;
  password: string;
}

/** An account with a password, verified unless told otherwise, made straight in the database. */
export async function createPersonAccount(
  prisma: PrismaClient,
  options: { role?: "user" | "readonly" | "admin"; verified?: boolean; premiumUntil?: Date | null } = {},
): Promise<PersonAccount> {
  const email = `person-${randomBytes(6).toString("hex")}@example.test`;
  const account = await prisma.account.create({
    data: {
      email,
      role: options.role ?? "user",
      passwordHash: await hashPassword(TEST_PASSWORD),
      emailVerifiedAt: options.verified === false ? null : new Date(),
      premiumUntil: options.premiumUntil ?? null,
    },
  });
  return { accountId: account.id, email, password: TEST_PASSWORD };
}
