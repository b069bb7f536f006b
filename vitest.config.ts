import { defineConfig } from "vitest/config";

const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/sieve_test";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const testFolders = ["apps/*/test", "packages/*/test", "test"];
/*
 * The naming rule: a `*.unit.test.ts` file needs no service (no PostgreSQL, no Redis, no proxy
 * server, no child process; at most a server of its own in this process on loopback). Every other
 * `*.test.ts` is end to end and gets the migrated databases and the Redis clean-up.
 */
const unitTests = testFolders.map((folder) => `${folder}/**/*.unit.test.ts`);
const allTests = testFolders.map((folder) => `${folder}/**/*.test.ts`);

export default defineConfig({
  test: {
    exclude: ["**/node_modules/**", "test/bench/**"],
    env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: "error" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: unitTests } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: allTests,
          exclude: ["**/node_modules/**", "test/bench/**", ...unitTests],
          globalSetup: [
            "packages/test-support/src/global-setup.ts",
            "test/dashboard/support/build-dashboard.ts",
          ],
          setupFiles: ["packages/test-support/src/setup-file.ts"],
        },
      },
    ],
  },
});
