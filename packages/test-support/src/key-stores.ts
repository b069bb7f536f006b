import {
  createAccountRepository,
  createApiKeyRepository,
  createDatabase,
  createKeyAuthenticator,
  noKeyInvalidation,
} from "@sieve/core";
import { afterAll } from "vitest";

/**
 * The test database (DATABASE_URL) and its account and API key stores, for the file that calls
 * it; the database is closed after the file. `newAccountId` makes an account with no password
 * under the email `email()` gives.
 */
export function keyStores(options: { poolMax: number; email: () => string }) {
  const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: options.poolMax });
  afterAll(() => database.close());
  // The APIs of the files that use these stores look keys up on every request (no key cache).
  const accounts = createAccountRepository({ prisma: database.prisma, invalidation: noKeyInvalidation });
  return {
    database,
    keys: createApiKeyRepository({ prisma: database.prisma, invalidation: noKeyInvalidation }),
    authenticate: createKeyAuthenticator({ pool: database.pool }),
    newAccountId: async (): Promise<string> => (await accounts.create({ email: options.email() })).id,
  };
}
