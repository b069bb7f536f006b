import { dashboardUrl, get } from "../api/client.ts";
import type { CheckItem, Page } from "../api/types.ts";
import { DownloadLinks } from "../components/download-links.tsx";
import { SelectField } from "../components/field.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { PagedTable } from "../components/paged-table.tsx";
import { formatNumber, formatText } from "../format.ts";
import { useFilteredPages } from "../use-filtered-pages.ts";
import { useLoad } from "../use-load.ts";

const statusOptions = [
  ["", "All"],
  ["live", "Live"],
  ["dead", "Dead"],
  ["blocked", "Blocked"],
  ["pending", "Pending"],
] as const;

const PAGE_SIZE = 50;

/** A job's items with a status filter and pages; `version` changes as the job moves, to reload. */
export function JobResults({ jobId, version }: { jobId: string; version: number }) {
  const { filter: status, page, setPage, refilter } = useFilteredPages("");
  const items = useLoad(
    () => get<Page<CheckItem>>(`/jobs/${jobId}/items`, { page, limit: PAGE_SIZE, status }),
    [jobId, page, status, version],
  );

  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <div className="toolbar">
        <SelectField
          label="Status"
          name="status"
          value={status}
          options={statusOptions}
          onChange={refilter}
        />
        <DownloadLinks
          legend="Download results"
          verb="Download"
          // The file holds what the table shows: the status filter applies to it too.
          href={(format) => dashboardUrl(`/jobs/${jobId}/export`, { format, status })}
          fileName={(format) => `job-${jobId}.${format}`}
        />
      </div>
      <ErrorNotice message={items.error} />
      {items.data ? (
        <PagedTable
          data={items.data}
          caption={
            <>
              {formatNumber(items.data.total)} result(s){status ? ` with status ${status}` : ""}
            </>
          }
          columns={[
            "Proxy",
            "Status",
            "Protocol",
            "Connect",
            "First byte",
            "Exit IP",
            "Country",
            "Anonymity",
            "Reason",
          ]}
          row={(item, index) => (
            // A list may hold the same host:port twice (once per protocol asked for): position tells them
            // apart, and rows are replaced whole on each page load.
            <tr key={`${item.proxy_norm}-${item.protocol ?? ""}-${index}`}>
              <td>
                <code>{item.proxy_norm}</code>
              </td>
              <td>
                <span className={`state state-${item.status}`}>{item.status}</span>
              </td>
              <td>{formatText(item.protocol)}</td>
              <td>{formatNumber(item.connect_ms, " ms")}</td>
              <td>{formatNumber(item.ttfb_ms, " ms")}</td>
              <td>{formatText(item.exit_ip)}</td>
              <td>{formatText(item.country)}</td>
              <td>{formatText(item.anonymity)}</td>
              <td>{formatText(item.reason)}</td>
            </tr>
          )}
          pager={{ page, limit: PAGE_SIZE, label: "Result pages", onPage: setPage }}
        />
      ) : null}
    </section>
  );
}
