import { SieveError } from "@sieve/vocabulary";
import type { KeyInvalidation } from "../auth/key-invalidation-publisher.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Role } from "../permissions.ts";
import {
  type CreateAccountInput,
  createAccountInput,
  parseInput,
  premiumDays,
  premiumUntilFrom,
  recordId,
  roleInput,
} from "./account-inputs.ts";
import { type AccountRecord, type AccountStatus, accountSelect } from "./account-record.ts";
import { hasPrismaCode, RECORD_NOT_FOUND, UNIQUE_VIOLATION } from "./prisma-errors.ts";

export interface AccountRepositoryDeps {
  prisma: PrismaClient;
  /**
   * Tells the API replicas' key caches once a change to an account's status, role or premium
   * has committed: those are the account's fields a key's caller carries.
   */
  invalidation: KeyInvalidation;
  now?: () => Date;
}

/** Accounts: creation, listing, status and premium subscription. */
export function createAccountRepository(deps: AccountRepositoryDeps) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  async function updateAccount(
    id: string,
    data: { status?: AccountStatus; premiumUntil?: Date | null; role?: Role },
  ): Promise<AccountRecord> {
    const accountId = parseInput(recordId, id, "account id");
    let account: AccountRecord;
    try {
      account = await prisma.account.update({ where: { id: accountId }, data, select: accountSelect });
    } catch (error) {
      if (hasPrismaCode(error, RECORD_NOT_FOUND)) throw accountNotFound(accountId);
      throw error;
    }
    await deps.invalidation.invalidate({ accountIds: [accountId] });
    return account;
  }

  return {
    async create(input: CreateAccountInput): Promise<AccountRecord> {
      const { email, role, premiumDays: days } = parseInput(createAccountInput, input);
      try {
        return await prisma.account.create({
          data: { email, role, premiumUntil: days === undefined ? null : premiumUntilFrom(days, now()) },
          select: accountSelect,
        });
      } catch (error) {
        if (hasPrismaCode(error, UNIQUE_VIOLATION)) {
          throw new SieveError("conflict", `an account with email ${email} already exists`);
        }
        throw error;
      }
    },

    async get(id: string): Promise<AccountRecord> {
      const accountId = parseInput(recordId, id, "account id");
      const account = await prisma.account.findUnique({ where: { id: accountId }, select: accountSelect });
      if (!account) throw accountNotFound(accountId);
      return account;
    },

    async list(): Promise<AccountRecord[]> {
      return prisma.account.findMany({
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: accountSelect,
      });
    },

    /** Suspends the account and ends its dashboard sessions; its keys get 403 from the next request. */
    async suspend(id: string): Promise<AccountRecord> {
      const account = await updateAccount(id, { status: "suspended" });
      await prisma.session.deleteMany({ where: { accountId: account.id } });
      return account;
    },

    async setRole(id: string, role: Role): Promise<AccountRecord> {
      return updateAccount(id, { role: parseInput(roleInput, role, "role") });
    },

    async activate(id: string): Promise<AccountRecord> {
      return updateAccount(id, { status: "active" });
    },

    /** Premium runs `days` from now, replacing any current end date; 0 ends it now. */
    async setPremium(id: string, days: number): Promise<AccountRecord> {
      const validDays = parseInput(premiumDays, days, "days");
      return updateAccount(id, { premiumUntil: premiumUntilFrom(validDays, now()) });
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;

export function accountNotFound(id: string): SieveError {
  return new SieveError("not_found", `no account with id ${id}`);
}
