import { useState } from "react";

/**
 * A list's filter and the page of it on show. Another filter goes back to page 1, since the
 * page the reader was on may not exist under it.
 */
export function useFilteredPages<F>(initial: F) {
  const [filter, setFilter] = useState<F>(initial);
  const [page, setPage] = useState(1);
  return {
    filter,
    page,
    setPage,
    refilter(next: F) {
      setFilter(next);
      setPage(1);
    },
  };
}
