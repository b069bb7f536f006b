import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { parseModule, readRepoFile, sourceFiles } from "./repo-files.ts";

/**
 * Folders are the units a reader learns a package by, so dependencies between them run one way:
 * no cycle between the directories under a package's or app's src (a file directly in src is a
 * unit of its own), and none between the workspace packages. Type-only imports count too: they
 * say which concept leans on which just as much.
 */

/** from → to → the first import that makes the edge, for the failure message. */
type Graph = Map<string, Map<string, string>>;

/** `packages/core/src/check-jobs/submission.ts` → `packages/core/src/check-jobs`. */
function folderOf(file: string): string {
  const match = /^((?:apps|packages)\/[^/]+\/src)\/(.+)$/.exec(file);
  if (!match) throw new Error(`not a source file: ${file}`);
  const [root, rest] = [match[1]!, match[2]!];
  const slash = rest.indexOf("/");
  return slash === -1 ? `${root}/${rest}` : `${root}/${rest.slice(0, slash)}`;
}

function packageOf(file: string): string {
  return file.split("/").slice(0, 2).join("/");
}

function addEdge(graph: Graph, from: string, to: string, why: string): void {
  if (from === to) return;
  if (!graph.has(from)) graph.set(from, new Map());
  const edges = graph.get(from)!;
  if (!edges.has(to)) edges.set(to, why);
}

/** One cycle of the graph as the imports that make it, or undefined. */
function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, "open");
    path.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === "open") {
        const loop = [...path.slice(path.indexOf(next)), next];
        return loop
          .slice(1)
          .map((to, index) => `${loop[index]} -> ${to} (${graph.get(loop[index]!)!.get(to)})`);
      }
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** Which workspace package directory a bare `@sieve/...` specifier names. */
function workspacePackages(files: string[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const directory of new Set(files.map(packageOf))) {
    const manifest = JSON.parse(readRepoFile(`${directory}/package.json`)) as { name: string };
    byName.set(manifest.name, directory);
  }
  return byName;
}

function importGraphs(files: string[]): { folders: Graph; packages: Graph } {
  const byName = workspacePackages(files);
  const folders: Graph = new Map();
  const packages: Graph = new Map();
  for (const file of files) {
    for (const { specifier } of parseModule(file, readRepoFile(file)).requests) {
      if (specifier.startsWith(".")) {
        const target = normalize(join(dirname(file), specifier));
        const why = `${file} imports ${specifier}`;
        if (packageOf(target) !== packageOf(file)) addEdge(packages, packageOf(file), packageOf(target), why);
        else if (target.includes("/src/")) addEdge(folders, folderOf(file), folderOf(target), why);
        continue;
      }
      const name = /^(@sieve\/[^/]+)/.exec(specifier)?.[1];
      const directory = name ? byName.get(name) : undefined;
      if (directory) addEdge(packages, packageOf(file), directory, `${file} imports ${specifier}`);
    }
  }
  return { folders, packages };
}

describe("no import cycle between folders", () => {
  it("names the cycle in a graph that has one", () => {
    const graph: Graph = new Map([
      ["a", new Map([["b", "a.ts"]])],
      ["b", new Map([["c", "b.ts"]])],
      [
        "c",
        new Map([
          ["a", "c.ts"],
          ["d", "c2.ts"],
        ]),
      ],
    ]);
    expect(findCycle(graph)).toEqual(["a -> b (a.ts)", "b -> c (b.ts)", "c -> a (c.ts)"]);
    expect(findCycle(new Map([["a", new Map([["b", "a.ts"]])]]))).toBeUndefined();
    expect(folderOf("packages/core/src/check-jobs/submission.ts")).toBe("packages/core/src/check-jobs");
    expect(folderOf("packages/core/src/errors.ts")).toBe("packages/core/src/errors.ts");
  });

  const files = sourceFiles();
  const graphs = importGraphs(files);

  it("has no cycle between the folders of any package or app", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graphs.folders.size).toBeGreaterThan(5);
    expect(findCycle(graphs.folders)).toBeUndefined();
  });

  it("has no cycle between the workspace packages", () => {
    expect(graphs.packages.size).toBeGreaterThan(3);
    expect(findCycle(graphs.packages)).toBeUndefined();
  });
});
