import { writeFileSync } from "node:fs";
import { buildOpenApiDocument } from "./build-document.ts";

/** `pnpm openapi`: writes the document to docs/openapi.json, which is committed and held equal by a test. */
export const OPENAPI_FILE = new URL("../../../../docs/openapi.json", import.meta.url);

export function openApiFileText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, openApiFileText());
  console.log(`wrote ${OPENAPI_FILE.pathname}`);
}
