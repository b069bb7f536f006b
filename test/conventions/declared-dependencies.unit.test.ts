import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const workspaces = ["apps", "packages"].flatMap((folder) =>
  readdirSync(join(root, folder)).map((name) => join(root, folder, name)),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** The package a bare import names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier)) {
    return undefined;
  }
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("each workspace package", () => {
  it.each(workspaces.map((dir) => [relative(root, dir), dir]))(
    "%s declares every package its sources import",
    (_name, dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const declared = new Set([
        manifest.name,
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
        ...Object.keys(manifest.devDependencies ?? {}),
      ]);
      const undeclared = new Set<string>();
      for (const file of sourceFiles(join(dir, "src"))) {
        for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
          const name = packageOf(match[1] ?? match[2] ?? "");
          // Type-only packages (@types/*) are found through the package they describe.
          if (name && !declared.has(name) && !declared.has(`@types/${name}`)) {
            undeclared.add(`${name} (${relative(root, file)})`);
          }
        }
      }
      expect([...undeclared]).toEqual([]);
    },
  );
});
