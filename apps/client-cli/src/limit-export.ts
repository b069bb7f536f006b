import type { ExportFormat } from "./cli-io.ts";

/** CSV records of `text`, each with its line break: a break inside a quoted field does not end one. */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === "\n" && !quoted) {
      records.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/**
 * The first `limit` entries of an export, in the export's own format: txt lines, CSV rows after
 * the header, elements of the JSON array (written as the API writes it, one element a line).
 */
export function limitExport(text: string, format: ExportFormat, limit: number): string {
  switch (format) {
    case "txt":
      return text
        .split(/(?<=\n)/)
        .slice(0, limit)
        .join("");
    case "csv":
      // The header, then `limit` rows.
      return csvRecords(text)
        .slice(0, limit + 1)
        .join("");
    case "json": {
      const items = (JSON.parse(text) as unknown[]).slice(0, limit);
      return items.length === 0 ? "[]\n" : `[\n${items.map((item) => JSON.stringify(item)).join(",\n")}\n]\n`;
    }
  }
}
