import { describe, expect, it } from "vitest";
import { parseModule, readRepoFile, sourceFiles, walk } from "./repo-files.ts";

/**
 * Packages hold behaviour and stay usable from any process: HTTP belongs to apps/api, and only an
 * app's main reads the environment (through its config schema). So no file under packages/x/src
 * imports express or reads `process.env`.
 */

function isExpress(specifier: string): boolean {
  return specifier === "express" || specifier.startsWith("express/");
}

function isProcessModule(specifier: string): boolean {
  return specifier === "process" || specifier === "node:process";
}

/** `process.env`, `globalThis.process.env` or `env` imported from node:process. */
function readsEnvironment(program: unknown, importsEnvBinding: boolean): boolean {
  for (const node of walk(program)) {
    if (node.type !== "MemberExpression") continue;
    const property = node.property as Record<string, unknown>;
    const name = node.computed ? property.value : property.name;
    if (name !== "env") continue;
    const object = node.object as Record<string, unknown>;
    const objectName =
      object.type === "Identifier"
        ? object.name
        : object.type === "MemberExpression"
          ? (object.property as Record<string, unknown>).name
          : undefined;
    if (objectName === "process") return true;
  }
  return importsEnvBinding;
}

function breaches(file: string, text: string): string[] {
  const { requests, program } = parseModule(file, text);
  const found: string[] = [];
  if (requests.some((request) => isExpress(request.specifier))) found.push(`${file} imports express`);
  const envBinding = /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*["'](node:)?process["']/.test(text);
  if (readsEnvironment(program, envBinding && requests.some((r) => isProcessModule(r.specifier)))) {
    found.push(`${file} reads process.env`);
  }
  return found;
}

describe("packages never import express nor read process.env", () => {
  it("finds both breaches in a file that commits them", () => {
    const bad = [
      'import express from "express";',
      'import { Router } from "express/lib/router";',
      "export const port = process.env.PORT;",
    ].join("\n");
    expect(breaches("bad.ts", bad)).toEqual(["bad.ts imports express", "bad.ts reads process.env"]);
    expect(breaches("bad.ts", 'import { env } from "node:process";\nexport const a = env.A;')).toEqual([
      "bad.ts reads process.env",
    ]);
    expect(breaches("bad.ts", 'export const a = globalThis.process["env"];')).toEqual([
      "bad.ts reads process.env",
    ]);
    expect(breaches("good.ts", 'import { z } from "zod";\nexport const env = z.object({});')).toEqual([]);
  });

  it("holds for every file under packages/*/src", () => {
    // @sieve/test-support is no behaviour package but the tests' harness: like an app's main, it
    // reads the environment the test run sets (vitest's `env`: DATABASE_URL, REDIS_URL).
    const files = sourceFiles().filter(
      (file) => file.startsWith("packages/") && !file.startsWith("packages/test-support/"),
    );
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => breaches(file, readRepoFile(file)));
    expect(found).toEqual([]);
  });
});
