import { keyStores } from "@sieve/test-support";
import { uniqueEmail } from "./run-sieve.ts";

/**
 * The test database the CLI runs against and the stores a test checks the CLI's work with, for
 * the file that calls it; the database is closed after the file. New accounts have no password.
 */
export const cliStores = () => keyStores({ poolMax: 2, email: uniqueEmail });
