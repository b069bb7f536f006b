/**
 * Left-aligned columns two spaces apart, for lists read in a terminal: the header, then one line
 * a row, each without trailing blanks. Both command lines (`sieve` and `sieve-client`) print with it.
 */
export function terminalTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
