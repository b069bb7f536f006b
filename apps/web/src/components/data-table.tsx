import type { ReactNode } from "react";

export interface DataTableProps {
  caption: ReactNode;
  columns: readonly string[];
  /** Wide tables scroll inside their own box instead of widening the page. */
  scroll?: boolean;
  children: ReactNode;
}

/** A captioned table with one header row of column headers; the rows are the children. */
export function DataTable({ caption, columns, scroll = true, children }: DataTableProps) {
  const table = (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
