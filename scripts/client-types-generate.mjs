// Generates the typed client's types (packages/client/src/generated) from the committed OpenAPI
// document, as the Prisma client is generated after install: generated code is not committed.
// An install without the client's dev dependencies or the document (the image) has nothing to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("packages/client/node_modules/.bin/openapi-typescript") || !existsSync("docs/openapi.json")) {
  process.exit(0);
}
execFileSync("pnpm", ["--filter", "@sieve/client", "generate"], { stdio: "inherit" });
