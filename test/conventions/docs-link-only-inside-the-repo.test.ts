import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { lexer, marked, type Token } from "marked";
import { describe, expect, it } from "vitest";
import { readRepoFile, repoFiles, repoRoot } from "./repo-files.ts";

/**
 * The docs are read from a clone, so everything they point at must be in it: relative links
 * resolve to files of the repository (and their #anchors to headings), no link leaves the
 * repository (no `../shared/...`, no web pages), and a path quoted in backticks names a file or
 * folder that exists, or a build output git ignores (`apps/web/dist`). Text files under docs/ (the API contract) may name only its placeholder
 * host and loopback.
 */

const repoDirectories = ["apps", "packages", "docs", "test", "prisma", "infra", "scripts", ".ci"];
const repoRootFiles =
  /^(README|CONTRIBUTING)\.md$|^(package\.json|pnpm-workspace\.yaml|tsconfig\.base\.json)$/;
const placeholderHosts = new Set(["your-domain", "127.0.0.1", "localhost", "[::1]"]);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const token of lexer(markdown)) if (token.type === "heading") anchors.add(slug(token.text));
  return anchors;
}

function exists(path: string): boolean {
  return existsSync(join(repoRoot, path));
}

/** A build output or other file git ignores, named in the docs though a clone lacks it. */
function ignoredByGit(path: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: repoRoot });
    return true;
  } catch {
    return false;
  }
}

/** A backticked text that reads as a path of this repository, e.g. `apps/api/src/app.ts`. */
function quotedPath(code: string): string | undefined {
  if (/[\s<>*{}…$]/.test(code) || code.includes("://")) return undefined;
  if (code.startsWith("../") || code.startsWith("./")) return code;
  const top = code.split("/")[0]!;
  if (repoDirectories.includes(top) || repoRootFiles.test(code)) return code;
  return undefined;
}

/** What is wrong with the links and quoted paths of one markdown file of the repository. */
function markdownProblems(
  file: string,
  markdown: string,
  fileExists = exists,
  ignored = ignoredByGit,
): string[] {
  const problems: string[] = [];
  const here = dirname(file);
  const tokens = lexer(markdown);
  marked.walkTokens(tokens, (token: Token) => {
    if (token.type === "link" || token.type === "image") {
      const href: string = token.href;
      if (/^[a-z][a-z+.-]*:/i.test(href)) {
        problems.push(`${file}: links outside the repository: ${href}`);
        return;
      }
      const [path = "", anchor] = href.split("#");
      const target = path === "" ? file : normalize(join(here, decodeURI(path)));
      if (target.startsWith("..")) problems.push(`${file}: links outside the repository: ${href}`);
      else if (!fileExists(target)) problems.push(`${file}: links to a missing file: ${href}`);
      else if (
        anchor &&
        target.endsWith(".md") &&
        !anchorsOf(readRepoFileOr(target, markdown, file)).has(anchor)
      ) {
        problems.push(`${file}: links to a missing heading: ${href}`);
      }
    }
    if (token.type === "codespan") {
      const path = quotedPath(token.text);
      if (!path) return;
      const target = path.startsWith(".") ? normalize(join(here, path)) : normalize(path);
      if (target.startsWith("..")) problems.push(`${file}: names a path outside the repository: ${path}`);
      else if (!fileExists(target) && !ignored(target))
        problems.push(`${file}: names a missing path: ${path}`);
    }
  });
  return problems;
}

function readRepoFileOr(target: string, markdown: string, file: string): string {
  return target === file ? markdown : readRepoFile(target);
}

function textProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const [url, host] of text.matchAll(/\b[a-z]+:\/\/([^/\s"'<>]+)/gi)) {
    if (!placeholderHosts.has(host!.replace(/:\d+$/, ""))) problems.push(`${file}: names a host: ${url}`);
  }
  if (/(^|[\s`'"(])\.\.\//.test(text)) problems.push(`${file}: names a path outside the repository`);
  return problems;
}

const documents = ["README.md", "CONTRIBUTING.md", ...repoFiles("docs")];

describe("README, CONTRIBUTING and docs/ link only to files inside the repository", () => {
  it("finds each kind of bad link in a document that has them", () => {
    const bad = [
      "# Title",
      "The contract is `../shared/spec/api-reference.txt`; see [design](../shared/DESIGN.md),",
      "[the web](https://example.com/page), [gone](docs/missing.md), [here](#nowhere), `apps/nothing/src`.",
      "Fine: [title](#title), `apps/api`, `apps/web/dist`, `test/bench/<name>.bench.ts`, `127.0.0.1:3000`.",
    ].join("\n");
    const fileExists = (path: string) => path === "README.md" || path === "apps/api";
    const ignored = (path: string) => path === "apps/web/dist";
    expect(markdownProblems("README.md", bad, fileExists, ignored)).toEqual([
      "README.md: names a path outside the repository: ../shared/spec/api-reference.txt",
      "README.md: links outside the repository: ../shared/DESIGN.md",
      "README.md: links outside the repository: https://example.com/page",
      "README.md: links to a missing file: docs/missing.md",
      "README.md: links to a missing heading: #nowhere",
      "README.md: names a missing path: apps/nothing/src",
    ]);
    expect(textProblems("docs/a.txt", "curl https://your-domain/api/v1 and http://192.0.2.1/")).toEqual([
      "docs/a.txt: names a host: http://192.0.2.1",
    ]);
  });

  it("holds for every document", () => {
    expect(documents).toContain("docs/architecture.md");
    const problems = documents.flatMap((file) => {
      const text = readRepoFile(file);
      return file.endsWith(".md") ? markdownProblems(file, text) : textProblems(file, text);
    });
    expect(problems).toEqual([]);
  });
});
