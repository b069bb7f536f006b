import { SieveError } from "@sieve/vocabulary";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { issueApiKey } from "../keys/api-key.ts";
import { type AccountRecord, accountSelect } from "./account-record.ts";

export const BOOTSTRAP_ADMIN_EMAIL = "admin@localhost";

// Serialises bootstrap across processes starting together on one database.
const BOOTSTRAP_LOCK_ID = 72_707_370;

export interface BootstrapAdmin {
  account: AccountRecord;
  /** The full key, shown once: there is no other way to learn it. */
  key: string;
}

/**
 * Creates `admin@localhost` with one key when the database has no admin account yet. Returns
 * it only when it created it, so the key is printed on the first start and never again.
 */
export async function ensureBootstrapAdmin(prisma: PrismaClient): Promise<BootstrapAdmin | null> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_ID}::bigint)`;
    const existing = await tx.account.findFirst({ where: { role: "admin" }, select: { id: true } });
    if (existing) return null;
    const taken = await tx.account.findUnique({
      where: { email: BOOTSTRAP_ADMIN_EMAIL },
      select: { id: true },
    });
    if (taken) {
      throw new SieveError(
        "conflict",
        `no admin account exists and ${BOOTSTRAP_ADMIN_EMAIL} is taken by a non-admin account ${taken.id}`,
      );
    }
    const issued = issueApiKey();
    const account = await tx.account.create({
      data: {
        email: BOOTSTRAP_ADMIN_EMAIL,
        role: "admin",
        apiKeys: { create: { name: "bootstrap", prefix: issued.prefix, digest: issued.digest } },
      },
      select: accountSelect,
    });
    return { account, key: issued.key };
  });
}
