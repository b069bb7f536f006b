import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createExportEncoder,
  neutraliseFormula,
  neutraliseFormulaSql,
} from "../src/export/export-encoder.ts";

interface Row {
  name: string;
  count: number | null;
  at: Date;
}

const shape = { columns: ["name", "count", "at"] as const, txtLine: (row: Row) => row.name };
const at = new Date("2026-01-02T03:04:05.000Z");

function encode(format: "txt" | "csv" | "json", rows: Row[]): Promise<string> {
  return text(Readable.from(rows).pipe(createExportEncoder(format, shape)));
}

describe("export encoder", () => {
  it("quotes CSV fields with commas, quotes and line breaks per RFC 4180", async () => {
    const csv = await encode("csv", [
      { name: "a,b", count: 1, at },
      { name: 'say "hi"', count: null, at },
      { name: "two\nlines", count: 0, at },
    ]);
    expect(csv).toBe(
      [
        "name,count,at",
        '"a,b",1,2026-01-02T03:04:05.000Z',
        '"say ""hi""",,2026-01-02T03:04:05.000Z',
        '"two\nlines",0,2026-01-02T03:04:05.000Z',
        "",
      ].join("\r\n"),
    );
  });

  it.each(["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx", "\rx", "\u0000=SUM(A1)", "\u0000x"])(
    "neutralises the formula start of %j",
    (value) => {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    },
  );

  it("applies the same formula rule in SQL as in JavaScript", async () => {
    const values = ["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx", "\rx", "1.2.3.4:80", "'already", "", "x=1"];
    // Any database will do: the expression reads no table.
    const server = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
    server.pathname = "/postgres";
    const client = new pg.Client({ connectionString: server.toString() });
    await client.connect();
    try {
      const result = await client.query<{ out: string }>(
        `SELECT ${neutraliseFormulaSql("v")} AS out FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`,
        [values],
      );
      expect(result.rows.map((row) => row.out)).toEqual(values.map(neutraliseFormula));
    } finally {
      await client.end();
    }
  });

  it("leaves ordinary text and negative numbers alone", async () => {
    expect(neutraliseFormula("1.2.3.4:80")).toBe("1.2.3.4:80");
    expect(await encode("csv", [{ name: "x", count: -5, at }])).toContain("x,-5,");
  });

  it("writes a JSON array that parses back to the rows", async () => {
    const json = await encode("json", [
      { name: '"quoted"', count: 1, at },
      { name: "b", count: null, at },
    ]);
    expect(JSON.parse(json)).toEqual([
      { name: '"quoted"', count: 1, at: "2026-01-02T03:04:05.000Z" },
      { name: "b", count: null, at: "2026-01-02T03:04:05.000Z" },
    ]);
    expect(JSON.parse(await encode("json", []))).toEqual([]);
  });

  it("writes one txt line per row", async () => {
    expect(
      await encode("txt", [
        { name: "a", count: 1, at },
        { name: "b", count: 2, at },
      ]),
    ).toBe("a\nb\n");
  });
});
