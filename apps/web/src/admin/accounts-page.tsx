import { type FormEvent, useState } from "react";
import { get } from "../api/client.ts";
import type { AdminAccount, Page } from "../api/types.ts";
import { Field } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { PagedTable } from "../components/paged-table.tsx";
import { formatNumber } from "../format.ts";
import { useFilteredPages } from "../use-filtered-pages.ts";
import { useLoad } from "../use-load.ts";
import { AccountRow } from "./account-row.tsx";

const PAGE_SIZE = 25;

export function AdminAccountsPage() {
  const [draft, setDraft] = useState("");
  const { filter: q, page, setPage, refilter } = useFilteredPages("");
  const [error, setError] = useState<string | null>(null);
  const accounts = useLoad(
    () => get<Page<AdminAccount>>("/admin/accounts", { q, page, limit: PAGE_SIZE }),
    [q, page],
  );

  function search(event: FormEvent) {
    event.preventDefault();
    refilter(draft.trim());
  }

  return (
    <section>
      <PageTitle>Accounts</PageTitle>
      <p>
        Queues: <a href="/admin/queues">open Bull Board</a> (uses your admin session).
      </p>
      <form onSubmit={search} className="inline-form" aria-label="Search accounts">
        <Field
          label="Email or account id"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <ErrorNotice message={error ?? accounts.error} />
      {accounts.data ? (
        <PagedTable
          data={accounts.data}
          caption={<>{formatNumber(accounts.data.total)} account(s)</>}
          columns={["Email", "Role", "Tier", "Status", "Premium until", "Created", "Actions"]}
          row={(account) => (
            <AccountRow key={account.id} account={account} onChanged={accounts.reload} onError={setError} />
          )}
          pager={{ page, limit: PAGE_SIZE, label: "Account pages", onPage: setPage }}
        />
      ) : null}
    </section>
  );
}
