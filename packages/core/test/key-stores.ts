import { randomBytes } from "node:crypto";
import { keyStores as sharedKeyStores } from "@sieve/test-support";

/**
 * The test database and its account and API key stores for the file that calls it; the database
 * is closed after the file. New accounts get emails starting with `emailPrefix`.
 */
export const keyStores = (emailPrefix: string) =>
  sharedKeyStores({
    poolMax: 4,
    email: () => `${emailPrefix}-${randomBytes(6).toString("hex")}@example.test`,
  });
