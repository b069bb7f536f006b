import type { ReactNode } from "react";
import { DataTable } from "../components/data-table.tsx";

interface ReferenceTableProps<T> {
  caption: ReactNode;
  columns: readonly string[];
  rows: readonly T[];
  /** What names the row: its first cell, a row header, and its key. */
  name(row: T): string;
  /** Set a name in code type, as the names of categories, codes and parameters are. */
  codeNames?: boolean;
  /** The cells after the name, one for each further column. */
  cells(row: T): ReactNode[];
}

/** A table of the API reference: every row named by its first cell. */
export function ReferenceTable<T>({
  caption,
  columns,
  rows,
  name,
  codeNames,
  cells,
}: ReferenceTableProps<T>) {
  return (
    <DataTable caption={caption} columns={columns} scroll={false}>
      {rows.map((row) => (
        <tr key={name(row)}>
          <th scope="row">{codeNames ? <code>{name(row)}</code> : name(row)}</th>
          {cells(row).map((cell, index) => (
            <td key={columns[index + 1]}>{cell}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
