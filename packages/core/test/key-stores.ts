import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import {
  createAccountRepository,
  createApiKeyRepository,
  createDatabase,
  createKeyAuthenticator,
} from "../src/index.ts";

/**
 * The test database and its account and API key stores for the file that calls it; the database
 * is closed after the file. New accounts get emails starting with `emailPrefix`.
 */
export function keyStores(emailPrefix: string) {
  const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 4 });
  afterAll(() => database.close());
  const accounts = createAccountRepository({ prisma: database.prisma });
  return {
    database,
    keys: createApiKeyRepository({ prisma: database.prisma }),
    authenticate: createKeyAuthenticator({ pool: database.pool }),
    newAccountId: async (): Promise<string> =>
      (await accounts.create({ email: `${emailPrefix}-${randomBytes(6).toString("hex")}@example.test` })).id,
  };
}
