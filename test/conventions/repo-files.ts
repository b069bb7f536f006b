import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSync } from "oxc-parser";

/** Helpers the convention tests share: the repository's files and what a source file imports. */

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Files of the repository under `prefix`, tracked or new, as git sees them, so generated and
 * ignored files (the Prisma client, node_modules) are never judged.
 */
export function repoFiles(prefix: string): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", prefix], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return out
    .split("\n")
    .filter(Boolean)
    .filter((file) => !gitSaysDeleted(file))
    .sort();
}

const deleted = new Set(
  execFileSync("git", ["ls-files", "--deleted"], { cwd: repoRoot, encoding: "utf8" }).split("\n"),
);
function gitSaysDeleted(file: string): boolean {
  return deleted.has(file);
}

/** TypeScript sources under each package's and app's `src`. */
export function sourceFiles(): string[] {
  return [...repoFiles("apps"), ...repoFiles("packages")].filter((file) =>
    /^(apps|packages)\/[^/]+\/src\/.+\.(ts|tsx|mts)$/.test(file),
  );
}

export function readRepoFile(file: string): string {
  return readFileSync(`${repoRoot}${file}`, "utf8");
}

export interface ModuleRequest {
  specifier: string;
  /** `import type` / `export type`: no runtime edge, but still a dependency between folders. */
  typeOnly: boolean;
}

export interface ParsedModule {
  requests: ModuleRequest[];
  /** The ESTree program, for conventions about what the code does. */
  program: unknown;
}

/** What a module imports and re-exports, static and dynamic (string literals only). */
export function parseModule(file: string, text: string): ParsedModule {
  const result = parseSync(file, text);
  if (result.errors.length > 0) throw new Error(`${file}: ${result.errors[0]!.message}`);
  const requests: ModuleRequest[] = [];
  for (const entry of result.module.staticImports) {
    requests.push({
      specifier: entry.moduleRequest.value,
      typeOnly: entry.entries.length > 0 && entry.entries.every((binding) => binding.isType),
    });
  }
  for (const statement of result.module.staticExports) {
    for (const entry of statement.entries) {
      if (entry.moduleRequest)
        requests.push({ specifier: entry.moduleRequest.value, typeOnly: entry.isType });
    }
  }
  for (const entry of result.module.dynamicImports) {
    const literal = /^["'`]([^"'`$]+)["'`]$/.exec(
      text.slice(entry.moduleRequest.start, entry.moduleRequest.end),
    );
    if (literal) requests.push({ specifier: literal[1]!, typeOnly: false });
  }
  return { requests, program: result.program };
}

/** Every ESTree node below `node`, depth first. */
export function* walk(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (typeof record.type === "string") yield record;
  for (const [key, value] of Object.entries(record)) {
    if (key !== "parent" && value !== null && typeof value === "object") yield* walk(value);
  }
}
