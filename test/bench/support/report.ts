export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Row {
  figure: string;
  measured: string;
  floor: string;
  target: string;
  /** Undefined for figures that carry no target. */
  pass?: boolean;
}

/** A plain-text table: each figure beside its floor, its target and whether it met it. */
export function renderTable(rows: Row[]): string {
  const header: Row = { figure: "figure", measured: "measured", floor: "floor (same run)", target: "target" };
  const cells = [header, ...rows].map((row) => [
    row.figure,
    row.measured,
    row.floor,
    row.target,
    row === header ? "result" : row.pass === undefined ? "" : row.pass ? "PASS" : "MISS",
  ]);
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join("  ");
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join("\n");
}

export const fixed = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const megabytes = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MB`;
