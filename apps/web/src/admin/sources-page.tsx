import { useState } from "react";
import { del, get, post } from "../api/client.ts";
import type { Source } from "../api/types.ts";
import { DataTable } from "../components/data-table.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { formatDate, formatNumber, formatText } from "../format.ts";
import { useLoad } from "../use-load.ts";
import { useAction, useSubmit } from "../use-submit.ts";
import { PremiumPoolSection } from "./premium-pool.tsx";

const protocolOptions = [
  ["", "Any (from each line)"],
  ["http", "http"],
  ["https", "https"],
  ["socks4", "socks4"],
  ["socks5", "socks5"],
] as const;

export function AdminSourcesPage() {
  const sources = useLoad(() => get<{ items: Source[] }>("/admin/sources"), []);
  const { run, error, setError } = useAction();

  async function remove(source: Source) {
    await run(async () => {
      await del(`/admin/sources/${source.id}`);
      sources.reload();
    });
  }

  return (
    <section>
      <PageTitle>Sources and premium pool</PageTitle>
      <h2>Sources</h2>
      <AddSourceForm onAdded={sources.reload} onError={setError} />
      <ErrorNotice message={error ?? sources.error} />
      {sources.data && sources.data.items.length === 0 ? <p>No sources yet.</p> : null}
      {sources.data && sources.data.items.length > 0 ? (
        <DataTable
          caption="Proxy list sources"
          columns={["URL", "Protocol", "Every", "Last fetch", "Error", "Candidates", "Live", "Remove"]}
        >
          {sources.data.items.map((source) => (
            <tr key={source.id}>
              <td className="wrap">{source.url}</td>
              <td>{formatText(source.protocol)}</td>
              <td>{formatNumber(source.interval_minutes, " min")}</td>
              <td>{formatDate(source.last_fetched_at)}</td>
              <td className="wrap">{formatText(source.last_error)}</td>
              <td>
                {formatNumber(source.candidates)} ({formatNumber(source.new_candidates)} new)
              </td>
              <td>
                {formatNumber(source.live)}
                {source.live_fraction === null ? "" : ` (${Math.round(source.live_fraction * 100)} %)`}
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove source ${source.url}`}
                  onClick={() => remove(source)}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <PremiumPoolSection />
    </section>
  );
}

function AddSourceForm({ onAdded, onError }: { onAdded(): void; onError(message: string | null): void }) {
  const [url, setUrl] = useState("");
  const [intervalMinutes, setIntervalMinutes] = useState("60");
  const [protocol, setProtocol] = useState("");

  const { submit } = useSubmit(
    async () => {
      await post("/admin/sources", {
        url,
        interval_minutes: Number(intervalMinutes),
        ...(protocol ? { protocol } : {}),
      });
      setUrl("");
      onAdded();
    },
    { onError },
  );
  return (
    <form onSubmit={submit} className="inline-form" aria-label="Add a source">
      <Field
        label="Source URL"
        type="url"
        required
        value={url}
        onChange={(event) => setUrl(event.target.value)}
      />
      <Field
        label="Fetch every (minutes)"
        type="number"
        min={1}
        required
        value={intervalMinutes}
        onChange={(event) => setIntervalMinutes(event.target.value)}
      />
      <SelectField label="Protocol" value={protocol} options={protocolOptions} onChange={setProtocol} />
      <button type="submit" className="primary">
        Add source
      </button>
    </form>
  );
}
