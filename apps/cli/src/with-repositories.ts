import {
  type AccountRepository,
  type ApiKeyRepository,
  createAccountRepository,
  createApiKeyRepository,
  createDatabase,
  createPremiumPool,
  createSourceRepository,
  type PremiumPool,
  type SourceRepository,
  setAccountPassword,
} from "@sieve/core";
import { loadCliConfig } from "./cli-config.ts";
import { describeDatabaseError } from "./database-errors.ts";

export interface Repositories {
  accounts: AccountRepository;
  keys: ApiKeyRepository;
  sources: SourceRepository;
  premium: PremiumPool;
  setPassword(accountId: string, password: string): ReturnType<typeof setAccountPassword>;
}

/** Runs one command's work against the configured database and always closes it. */
export async function withRepositories<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
  const config = loadCliConfig();
  const database = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
  try {
    return await work({
      accounts: createAccountRepository({ prisma: database.prisma }),
      keys: createApiKeyRepository({ prisma: database.prisma }),
      sources: createSourceRepository({ pool: database.pool }),
      premium: createPremiumPool({ pool: database.pool }),
      setPassword: (accountId, password) =>
        setAccountPassword({ prisma: database.prisma }, accountId, password),
    });
  } catch (error) {
    throw describeDatabaseError(error, config.DATABASE_URL);
  } finally {
    await database.close();
  }
}
