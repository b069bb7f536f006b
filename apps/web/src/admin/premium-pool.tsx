import { useId, useState } from "react";
import { del, get, post } from "../api/client.ts";
import type { Page, PoolProxy } from "../api/types.ts";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { PagedTable } from "../components/paged-table.tsx";
import { formatDate, formatNumber, formatText } from "../format.ts";
import { useLoad } from "../use-load.ts";
import { useSubmit } from "../use-submit.ts";

const PAGE_SIZE = 50;

/** The premium pool in every state: add lines, remove one, see which are alive. */
export function PremiumPoolSection() {
  const [page, setPage] = useState(1);
  const pool = useLoad(() => get<Page<PoolProxy>>("/admin/pool", { page, limit: PAGE_SIZE }), [page]);
  const [lines, setLines] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const linesId = useId();
  const { submit, run, error } = useSubmit(async () => {
    setAdded(null);
    const answer = await post<{ candidates: number; added: number }>("/admin/pool", { lines });
    setAdded(`${formatNumber(answer.added)} of ${formatNumber(answer.candidates)} line(s) added.`);
    setLines("");
    pool.reload();
  });

  async function remove(proxy: PoolProxy) {
    await run(async () => {
      await del("/admin/pool", { host: proxy.host, port: proxy.port, protocol: proxy.protocol });
      pool.reload();
    });
  }

  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading">Premium pool</h2>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={linesId}>Premium proxies to add, one per line</label>
          <textarea
            id={linesId}
            rows={4}
            spellCheck={false}
            value={lines}
            onChange={(event) => setLines(event.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={lines.trim() === ""}>
          Add to pool
        </button>
      </form>
      <SuccessNotice>{added}</SuccessNotice>
      <ErrorNotice message={error ?? pool.error} />
      {pool.data ? (
        <PagedTable
          data={pool.data}
          caption={<>{formatNumber(pool.data.total)} premium proxies</>}
          columns={["Proxy", "Protocol", "Alive", "Country", "Latency", "Checked", "Remove"]}
          row={(proxy) => {
            const name = `${proxy.host}:${proxy.port}`;
            return (
              <tr key={`${name}-${proxy.protocol}`}>
                <td>
                  <code>{name}</code>
                </td>
                <td>{proxy.protocol}</td>
                <td>{proxy.alive ? "yes" : "no"}</td>
                <td>{formatText(proxy.country)}</td>
                <td>{formatNumber(proxy.latency_ms, " ms")}</td>
                <td>{formatDate(proxy.checked_at)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Remove ${name} ${proxy.protocol}`}
                    onClick={() => remove(proxy)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          }}
          pager={{ page, limit: PAGE_SIZE, label: "Pool pages", onPage: setPage }}
        />
      ) : null}
    </section>
  );
}
