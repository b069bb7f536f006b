interface PagerProps {
  page: number;
  limit: number;
  total: number;
  label: string;
  onPage(page: number): void;
}

/** Previous / next with "page N of M"; hidden when everything fits on one page. */
export function Pager({ page, limit, total, label, onPage }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, limit)));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next
      </button>
    </nav>
  );
}
