// Generates the Prisma client offline. `prisma generate` never runs the schema engine,
// but the CLI insists on finding one, so point it at any existing file unless the
// operator already provides a real engine.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
if (!existsSync("node_modules/.bin/prisma")) process.exit(0);
execFileSync("node_modules/.bin/prisma", ["generate"], { stdio: "inherit", env });
