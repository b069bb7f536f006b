import { type FormEvent, useState } from "react";
import { get } from "../api/client.ts";
import type { AdminAccount, Page } from "../api/types.ts";
import { DataTable } from "../components/data-table.tsx";
import { Field } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { Pager } from "../components/pager.tsx";
import { formatNumber } from "../format.ts";
import { useLoad } from "../use-load.ts";
import { AccountRow } from "./account-row.tsx";

const PAGE_SIZE = 25;

export function AdminAccountsPage() {
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const accounts = useLoad(
    () => get<Page<AdminAccount>>("/admin/accounts", { q, page, limit: PAGE_SIZE }),
    [q, page],
  );

  function search(event: FormEvent) {
    event.preventDefault();
    setQ(draft.trim());
    setPage(1);
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
        <>
          <DataTable
            caption={<>{formatNumber(accounts.data.total)} account(s)</>}
            columns={["Email", "Role", "Tier", "Status", "Premium until", "Created", "Actions"]}
          >
            {accounts.data.items.map((account) => (
              <AccountRow key={account.id} account={account} onChanged={accounts.reload} onError={setError} />
            ))}
          </DataTable>
          <Pager
            page={page}
            limit={PAGE_SIZE}
            total={accounts.data.total}
            label="Account pages"
            onPage={setPage}
          />
        </>
      ) : null}
    </section>
  );
}
