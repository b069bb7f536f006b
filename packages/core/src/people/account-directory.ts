import { type AccountRecord, accountSelect } from "../accounts/account-record.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accounts as admins browse them: a search by email or id, newest first, a page at a time. */
export function createAccountDirectory(deps: { prisma: PrismaClient }) {
  return {
    async search(options: {
      q?: string | undefined;
      page: number;
      limit: number;
    }): Promise<{ total: number; items: AccountRecord[] }> {
      const q = options.q?.trim() ?? "";
      const where: Prisma.AccountWhereInput = !q
        ? {}
        : UUID.test(q)
          ? { id: q.toLowerCase() }
          : { email: { contains: q.toLowerCase() } };
      const [total, items] = await Promise.all([
        deps.prisma.account.count({ where }),
        deps.prisma.account.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          skip: (options.page - 1) * options.limit,
          take: options.limit,
          select: accountSelect,
        }),
      ]);
      return { total, items };
    },
  };
}
export type AccountDirectory = ReturnType<typeof createAccountDirectory>;
