import { useState } from "react";
import { dashboardUrl, get } from "../api/client.ts";
import type { ProxyPage } from "../api/types.ts";
import { DownloadLinks } from "../components/download-links.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { PagedTable } from "../components/paged-table.tsx";
import { formatDate, formatNumber, formatText } from "../format.ts";
import { isPremium, useSession } from "../session.tsx";
import { useFilteredPages } from "../use-filtered-pages.ts";
import { useLoad } from "../use-load.ts";
import { emptyFilters, ProxyFilterForm, type ProxyFilters } from "./proxy-filters.tsx";

type Pool = "public" | "premium";

/** The verified list with its filters and exports; premium accounts also get the premium pool. */
export function ProxyListPage() {
  const { me } = useSession();
  const [pool, setPool] = useState<Pool>("public");
  const premium = isPremium(me);
  return (
    <section>
      <PageTitle>Proxy list</PageTitle>
      {premium ? (
        <fieldset className="tabs">
          <legend className="visually-hidden">Proxy pool</legend>
          <button type="button" aria-pressed={pool === "public"} onClick={() => setPool("public")}>
            Public list
          </button>
          <button type="button" aria-pressed={pool === "premium"} onClick={() => setPool("premium")}>
            Premium pool
          </button>
        </fieldset>
      ) : null}
      {pool === "public" || !premium ? <PublicList /> : <PremiumList />}
    </section>
  );
}

function PublicList() {
  const { filter: filters, page, setPage, refilter } = useFilteredPages<ProxyFilters>(emptyFilters);
  const query = { ...filters, page };
  const list = useLoad(() => get<ProxyPage>("/proxies", query), [JSON.stringify(query)]);
  const { page: _page, limit: _limit, ...exportQuery } = query;

  return (
    <>
      <ProxyFilterForm initial={filters} onApply={refilter} />
      <DownloadLinks
        legend="Export the filtered list"
        verb="Export"
        href={(format) => dashboardUrl("/proxies/export", { ...exportQuery, format })}
      />
      <ErrorNotice message={list.error} />
      {list.data ? <ProxyTable data={list.data} onPage={setPage} /> : null}
    </>
  );
}

function PremiumList() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<ProxyPage>("/premium/proxies", { page, limit: 50 }), [page]);
  return (
    <>
      <ErrorNotice message={list.error} />
      {list.data ? <ProxyTable data={list.data} onPage={setPage} /> : null}
    </>
  );
}

function ProxyTable({ data, onPage }: { data: ProxyPage; onPage(page: number): void }) {
  return (
    <>
      <p data-testid="refreshed-at">
        List refreshed: {data.refreshed_at ? formatDate(data.refreshed_at) : "not yet"} ·{" "}
        {formatNumber(data.total)} proxies
      </p>
      <PagedTable
        data={data}
        empty="No proxy matches these filters."
        caption={<>Verified proxies, page {data.page}</>}
        columns={["Proxy", "Protocol", "Country", "Anonymity", "Latency", "Uptime", "Checked"]}
        row={(item) => (
          <tr key={`${item.proxy_norm}-${item.protocol}`}>
            <td>
              <code>{item.proxy_norm}</code>
            </td>
            <td>{item.protocol}</td>
            <td>{formatText(item.country)}</td>
            <td>{formatText(item.anonymity)}</td>
            <td>{formatNumber(item.latency_ms, " ms")}</td>
            <td>{formatNumber(Math.round(item.uptime_score * 100), " %")}</td>
            <td>{formatDate(item.checked_at)}</td>
          </tr>
        )}
        pager={{ page: data.page, limit: data.limit, label: "Proxy list pages", onPage }}
      />
    </>
  );
}
