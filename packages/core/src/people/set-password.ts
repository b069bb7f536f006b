import { parseInput, recordId } from "../accounts/account-inputs.ts";
import { type AccountRecord, accountSelect } from "../accounts/account-record.ts";
import { accountNotFound } from "../accounts/account-repository.ts";
import { hasPrismaCode, RECORD_NOT_FOUND } from "../accounts/prisma-errors.ts";
import { hashPassword, passwordInput } from "../auth/password-hashing.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

/**
 * An operator sets an account's password (`sieve account password`, how the bootstrap admin
 * gets one). The operator vouches for the address, so it counts as verified; sessions signed in
 * with the old password end.
 */
export async function setAccountPassword(
  deps: { prisma: PrismaClient; now?: () => Date },
  id: string,
  password: string,
): Promise<AccountRecord> {
  const accountId = parseInput(recordId, id, "account id");
  const passwordHash = await hashPassword(parseInput(passwordInput, password, "password"));
  const now = deps.now?.() ?? new Date();
  try {
    return await deps.prisma.$transaction(async (tx) => {
      await tx.account.updateMany({
        where: { id: accountId, emailVerifiedAt: null },
        data: { emailVerifiedAt: now },
      });
      const account = await tx.account.update({
        where: { id: accountId },
        data: { passwordHash },
        select: accountSelect,
      });
      await tx.session.deleteMany({ where: { accountId } });
      return account;
    });
  } catch (error) {
    if (hasPrismaCode(error, RECORD_NOT_FOUND)) throw accountNotFound(accountId);
    throw error;
  }
}
