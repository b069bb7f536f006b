import {
  type AccountRepository,
  type ApiKeyRepository,
  type CredentialCipher,
  createAccountRepository,
  createApiKeyRepository,
  createCredentialCipher,
  createDatabase,
  createPremiumPool,
  createPremiumPoolEntries,
  createSourceRepository,
  type PremiumPool,
  type PremiumPoolEntries,
  type SourceRepository,
  setAccountPassword,
} from "@sieve/core";
import { createTargetGuard } from "@sieve/vocabulary";
import { loadCliConfig, loadCliCredentialsKey } from "./cli-config.ts";
import { describeDatabaseError } from "./database-errors.ts";
import { cliKeyInvalidation } from "./key-invalidation.ts";

export interface Repositories {
  accounts: AccountRepository;
  keys: ApiKeyRepository;
  sources: SourceRepository;
  premium: PremiumPool;
  poolEntries: PremiumPoolEntries;
  setPassword(accountId: string, password: string): ReturnType<typeof setAccountPassword>;
}

/** Runs one command's work against the configured database and always closes it. */
export async function withRepositories<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
  const config = loadCliConfig();
  const database = createDatabase({ url: config.DATABASE_URL, poolMax: 2 });
  // Sealing or opening a credential is the only use of the key: other commands run without it.
  let opened: CredentialCipher | undefined;
  const cipherNow = () => {
    opened ??= createCredentialCipher(loadCliCredentialsKey());
    return opened;
  };
  const cipher: CredentialCipher = {
    encrypt: (credentials) => cipherNow().encrypt(credentials),
    decrypt: (sealed) => cipherNow().decrypt(sealed),
  };
  const guard = createTargetGuard({
    allowCidrs: config.CHECK_ALLOW_CIDRS,
    denyCidrs: config.CHECK_DENY_CIDRS,
  });
  const invalidation = cliKeyInvalidation(config);
  try {
    return await work({
      accounts: createAccountRepository({ prisma: database.prisma, invalidation }),
      keys: createApiKeyRepository({ prisma: database.prisma, invalidation }),
      sources: createSourceRepository({ pool: database.pool }),
      premium: createPremiumPool({ pool: database.pool, guard, cipher }),
      poolEntries: createPremiumPoolEntries({ pool: database.pool, cipher }),
      setPassword: (accountId, password) =>
        setAccountPassword({ prisma: database.prisma }, accountId, password),
    });
  } catch (error) {
    throw describeDatabaseError(error, config.DATABASE_URL);
  } finally {
    await invalidation.close();
    await database.close();
  }
}
