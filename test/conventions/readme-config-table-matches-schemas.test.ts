import { probeConfig } from "@sieve/probe";
import { lexer, type Token, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { ApiConfig } from "../../apps/api/src/config.ts";
import { cliConfig } from "../../apps/cli/src/cli-config.ts";
import { StartConfig } from "../../apps/cli/src/start-config.ts";
import { ClientCliConfig } from "../../apps/client-cli/src/config.ts";
import { JudgeConfig } from "../../apps/judge/src/config.ts";
import { WorkerConfig } from "../../apps/worker/src/config.ts";
import { readRepoFile, sourceFiles } from "./repo-files.ts";

/**
 * An operator learns the variables from the README's Configuration section, so its tables list
 * exactly the variables the processes read: every key of every app's config schema, plus the few
 * an app reads from the environment directly, and nothing else. Each row names one variable, its
 * default is the schema's, and its "used by" cell names exactly the processes whose schema holds it.
 */

/** Each process's schema, by the name the README's "used by" column gives it. */
const schemas = {
  api: ApiConfig,
  worker: WorkerConfig,
  judge: JudgeConfig,
  "pnpm sieve": cliConfig,
  "pnpm sieve probe": probeConfig,
  "pnpm start": StartConfig,
  "pnpm sieve-client": ClientCliConfig,
} as const;

interface Row {
  variable: string;
  defaultCell: string;
  usedBy: string[];
}

function text(cell: Tokens.TableCell): string {
  return cell.text.trim();
}

/** The rows of every table in the README's `## Configuration` section, subsections included. */
function configurationRows(markdown: string): Row[] {
  const tokens = lexer(markdown);
  const start = tokens.findIndex(
    (token) => token.type === "heading" && token.depth === 2 && token.text === "Configuration",
  );
  if (start < 0) throw new Error("README has no ## Configuration section");
  const section: Token[] = [];
  for (const token of tokens.slice(start + 1)) {
    if (token.type === "heading" && token.depth <= 2) break;
    section.push(token);
  }
  const rows: Row[] = [];
  for (const table of section.filter((token): token is Tokens.Table => token.type === "table")) {
    const headers = table.header.map(text);
    const variableColumn = headers.indexOf("variable");
    const defaultColumn = headers.indexOf("default");
    const usedByColumn = headers.indexOf("used by");
    if (variableColumn < 0 || defaultColumn < 0 || usedByColumn < 0) {
      throw new Error(`a configuration table needs variable, default and used by columns: ${headers}`);
    }
    for (const cells of table.rows) {
      const names = [...text(cells[variableColumn]!).matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
      if (names.length !== 1 || !/^[A-Z][A-Z0-9_]*$/.test(names[0]!)) {
        throw new Error(`a row must name one variable, in backticks: ${text(cells[variableColumn]!)}`);
      }
      const usedBy = [...text(cells[usedByColumn]!).matchAll(/`([^`]+)`|([a-z][a-z ]*[a-z])/g)].map((match) =>
        (match[1] ?? match[2]!).trim(),
      );
      rows.push({ variable: names[0]!, defaultCell: text(cells[defaultColumn]!), usedBy });
    }
  }
  return rows;
}

/** `env.NAME` reads in apps' sources: variables an app takes without a schema. */
function variablesReadDirectly(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles().filter((name) => name.startsWith("apps/"))) {
    for (const match of readRepoFile(file).matchAll(
      /\benv(?:\.([A-Z][A-Z0-9_]*)|\["([A-Z][A-Z0-9_]*)"\])/g,
    )) {
      found.set(match[1] ?? match[2]!, file);
    }
  }
  return found;
}

/** The parts of a zod 4 field definition that say what happens when the variable is unset. */
interface FieldDef {
  type: string;
  in?: { _zod: { def: FieldDef } };
  defaultValue?: unknown;
}

/** What a schema does when the variable is unset: a default value, nothing, or refuse to start. */
function whenUnset(field: unknown): string {
  let def = (field as { _zod: { def: FieldDef } })._zod.def;
  while (def.type === "pipe" && def.in) def = def.in._zod.def;
  if (def.type === "default") return def.defaultValue === "" ? "empty" : `\`${String(def.defaultValue)}\``;
  return def.type === "optional" ? "unset" : "required";
}

/** How a README default cell reads: `value` (its first backticked word), empty, unset or required. */
function readmeDefault(cell: string): string {
  return /^(`[^`]*`|empty|unset|required)/.exec(cell)?.[1] ?? cell;
}

const schemaVariables = new Map<string, string[]>();
const unsetBehaviour = new Map<string, Set<string>>();
for (const [process, schema] of Object.entries(schemas)) {
  for (const [variable, field] of Object.entries(schema.shape)) {
    schemaVariables.set(variable, [...(schemaVariables.get(variable) ?? []), process]);
    unsetBehaviour.set(variable, (unsetBehaviour.get(variable) ?? new Set()).add(whenUnset(field)));
  }
}
const rows = configurationRows(readRepoFile("README.md"));
const listed = rows.map((row) => row.variable);

describe("the README's configuration table matches the config schemas", () => {
  it("reads one variable per row and the processes of its used-by cell", () => {
    const sample = [
      "## Configuration",
      "| variable | default | used by | meaning |",
      "| --- | --- | --- | --- |",
      "| `A_B` | `1` | api, `pnpm sieve probe` | x |",
      "## Next",
      "| variable | default | used by |",
      "| --- | --- | --- |",
      "| `C` | `2` | worker |",
    ].join("\n");
    expect(configurationRows(sample)).toEqual([
      { variable: "A_B", defaultCell: "`1`", usedBy: ["api", "pnpm sieve probe"] },
    ]);
    expect(() => configurationRows(sample.replace("`A_B`", "`A`, `B`"))).toThrow(/one variable/);
  });

  it("lists every variable of every schema and every variable an app reads directly", () => {
    const wanted = [...schemaVariables.keys(), ...variablesReadDirectly().keys()];
    expect(wanted.filter((variable) => !listed.includes(variable))).toEqual([]);
  });

  it("lists nothing else, and each variable once", () => {
    const known = new Set([...schemaVariables.keys(), ...variablesReadDirectly().keys()]);
    expect(listed.filter((variable) => !known.has(variable))).toEqual([]);
    expect(listed.filter((variable, index) => listed.indexOf(variable) !== index)).toEqual([]);
  });

  it("names in each row's used-by cell exactly the processes whose schema holds the variable", () => {
    // A variable only read directly (no schema holds it) has nothing to compare its cell with.
    const wrong = rows.flatMap((row) => {
      if (!schemaVariables.has(row.variable)) return [];
      const claimed = row.usedBy.filter((process) => process in schemas).sort();
      const actual = [...(schemaVariables.get(row.variable) ?? [])].sort();
      return claimed.join() === actual.join()
        ? []
        : [`${row.variable}: README ${claimed}, schemas ${actual}`];
    });
    expect(wrong).toEqual([]);
  });

  it("gives each variable the default its schemas give it, or says it is unset or required", () => {
    const wrong = rows.flatMap((row) => {
      const behaviours = [...(unsetBehaviour.get(row.variable) ?? [])];
      if (behaviours.length === 0) return [];
      if (behaviours.length > 1) return [`${row.variable}: schemas disagree: ${behaviours.join(" / ")}`];
      const readme = readmeDefault(row.defaultCell);
      return readme === behaviours[0] ? [] : [`${row.variable}: README ${readme}, schemas ${behaviours[0]}`];
    });
    expect(wrong).toEqual([]);
  });
});
