export * from "./config/fragments.ts";
export * from "./config/parse-config.ts";
export * from "./db/database.ts";
export * from "./db/migrate.ts";
export * from "./errors.ts";
export * from "./keys/api-key.ts";
export * from "./logger.ts";
export * from "./permissions.ts";
