import { defineConfig } from "vitest/config";

const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/sieve_test";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export default defineConfig({
  test: {
    include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/bench/**"],
    globalSetup: ["test/support/global-setup.ts", "test/dashboard/support/build-dashboard.ts"],
    env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: "error" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
