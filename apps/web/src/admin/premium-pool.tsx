import { type FormEvent, useId, useState } from "react";
import { del, errorMessage, get, post } from "../api/client.ts";
import type { Page, PoolProxy } from "../api/types.ts";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { Pager } from "../components/pager.tsx";
import { formatDate, formatNumber, formatText } from "../format.ts";
import { useLoad } from "../use-load.ts";

const PAGE_SIZE = 50;

/** The premium pool in every state: add lines, remove one, see which are alive. */
export function PremiumPoolSection() {
  const [page, setPage] = useState(1);
  const pool = useLoad(() => get<Page<PoolProxy>>("/admin/pool", { page, limit: PAGE_SIZE }), [page]);
  const [lines, setLines] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const linesId = useId();

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setAdded(null);
    try {
      const answer = await post<{ candidates: number; added: number }>("/admin/pool", { lines });
      setAdded(`${formatNumber(answer.added)} of ${formatNumber(answer.candidates)} line(s) added.`);
      setLines("");
      pool.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  async function remove(proxy: PoolProxy) {
    setError(null);
    try {
      await del("/admin/pool", { host: proxy.host, port: proxy.port, protocol: proxy.protocol });
      pool.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading">Premium pool</h2>
      <form onSubmit={add} className="stack">
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
        <>
          <div className="table-scroll">
            <table>
              <caption>{formatNumber(pool.data.total)} premium proxies</caption>
              <thead>
                <tr>
                  <th scope="col">Proxy</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Alive</th>
                  <th scope="col">Country</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Checked</th>
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {pool.data.items.map((proxy) => {
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
                })}
              </tbody>
            </table>
          </div>
          <Pager page={page} limit={PAGE_SIZE} total={pool.data.total} label="Pool pages" onPage={setPage} />
        </>
      ) : null}
    </section>
  );
}
