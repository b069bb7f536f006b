import {
  createAccountRepository,
  createApiKeyRepository,
  createDatabase,
  createKeyAuthenticator,
} from "@sieve/core";
import { afterAll } from "vitest";
import { uniqueEmail } from "./run-sieve.ts";

/**
 * The test database the CLI runs against and the stores a test checks the CLI's work with, for
 * the file that calls it; the database is closed after the file.
 */
export function cliStores() {
  const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 2 });
  afterAll(() => database.close());
  const accounts = createAccountRepository({ prisma: database.prisma });
  return {
    database,
    authenticate: createKeyAuthenticator({ pool: database.pool }),
    keys: createApiKeyRepository({ prisma: database.prisma }),
    /** A new account with no password, under a unique email. */
    newAccountId: async (): Promise<string> => (await accounts.create({ email: uniqueEmail() })).id,
  };
}
