import { Transform } from "node:stream";
import { stringify } from "csv-stringify";
import pg from "pg";
import type { ExportFormat } from "./export-format.ts";

/** Spreadsheet programs run cells starting with these; a leading apostrophe keeps them text. */
const FORMULA_STARTS: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];
// Some spreadsheets skip a leading NUL and then read a formula. PostgreSQL text holds no NUL, so
// only values built in JavaScript (such as a credential decrypted into a proxy line) can start with one.
const JS_ONLY_STARTS: readonly string[] = ["\u0000"];

export function neutraliseFormula(value: string): string {
  const start = value.charAt(0);
  return FORMULA_STARTS.includes(start) || JS_ONLY_STARTS.includes(start) ? `'${value}` : value;
}

/** `neutraliseFormula` as SQL over a text expression, for exports PostgreSQL formats itself. */
export function neutraliseFormulaSql(expression: string): string {
  const starts = FORMULA_STARTS.map((start) => pg.escapeLiteral(start)).join(", ");
  return `CASE WHEN left(${expression}, 1) IN (${starts}) THEN '''' || ${expression} ELSE ${expression} END`;
}

export interface ExportShape<T> {
  /** CSV columns, in order. */
  columns: readonly (keyof T & string)[];
  /** One line of the txt format. */
  txtLine(item: T): string;
}

export const exportContentTypes: Record<ExportFormat, string> = {
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** Turns a stream of items into the bytes of an export file, one item at a time. */
export function createExportEncoder<T extends object>(
  format: ExportFormat,
  shape: ExportShape<T>,
): Transform {
  switch (format) {
    case "csv":
      return stringify({
        header: true,
        columns: [...shape.columns],
        quoted_match: /[",\r\n]/,
        record_delimiter: "windows",
        cast: {
          string: (value) => neutraliseFormula(value),
          date: (value) => value.toISOString(),
          boolean: (value) => String(value),
          // A list of words (protocols) is one cell of words, as the public list's COPY export
          // writes it; a list of records (targets' results) is its JSON.
          object: (value) =>
            Array.isArray(value) && value.every((entry) => typeof entry !== "object")
              ? value.join(" ")
              : JSON.stringify(value),
        },
      });
    case "json":
      return jsonArrayEncoder();
    case "txt":
      return new Transform({
        writableObjectMode: true,
        transform(item: T, _encoding, done) {
          done(null, `${shape.txtLine(item)}\n`);
        },
      });
  }
}

/** Items as one JSON array, written as they come. */
export function jsonArrayEncoder(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(item: unknown, _encoding, done) {
      const prefix = first ? "[\n" : ",\n";
      first = false;
      done(null, prefix + JSON.stringify(item));
    },
    flush(done) {
      done(null, first ? "[]\n" : "\n]\n");
    },
  });
}
