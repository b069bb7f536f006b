import type { ReactNode } from "react";
import { DataTable, type DataTableProps } from "./data-table.tsx";
import { Pager } from "./pager.tsx";

interface PagedTableProps<T> extends Omit<DataTableProps, "children"> {
  /** The loaded page: its rows, and the total the pager counts pages of. */
  data: { items: T[]; total: number };
  /** One row of the table, with its key. */
  row(item: T, index: number): ReactNode;
  /** Said instead of an empty table when the page holds no row; without it the table shows. */
  empty?: ReactNode;
  /** The page asked for and its size, the pager's accessible name, and what choosing a page does. */
  pager: { page: number; limit: number; label: string; onPage(page: number): void };
}

/** One page of a list as a table, with the pager under it. */
export function PagedTable<T>({ data, row, empty, pager, ...table }: PagedTableProps<T>) {
  return (
    <>
      {data.items.length === 0 && empty !== undefined ? (
        <p>{empty}</p>
      ) : (
        <DataTable {...table}>{data.items.map(row)}</DataTable>
      )}
      <Pager {...pager} total={data.total} />
    </>
  );
}
