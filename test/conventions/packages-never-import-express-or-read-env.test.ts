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
  // Each sample file's lines, and the breaches found in it.
  it.each<[string[], string[]]>([
    [
      [
        'import express from "express";',
        'import { Router } from "express/lib/router";',
        "export const port = process.env.PORT;",
      ],
      ["sample.ts imports express", "sample.ts reads process.env"],
    ],
    [['import { env } from "node:process";', "export const a = env.A;"], ["sample.ts reads process.env"]],
    [['export const a = globalThis.process["env"];'], ["sample.ts reads process.env"]],
    [['import { z } from "zod";', "export const env = z.object({});"], []],
  ])("finds in %j the breaches %j", (lines, found) => {
    expect(breaches("sample.ts", lines.join("\n"))).toEqual(found);
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
