import { useState } from "react";
import { Link } from "wouter";
import { get, post } from "../api/client.ts";
import type { ApiKey, CreatedKey } from "../api/types.ts";
import { CopyButton } from "../components/copy-button.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { useLoad } from "../use-load.ts";
import { useSubmit } from "../use-submit.ts";
import { KeyRow } from "./api-key-row.tsx";

const expiryOptions = [
  ["never", "Never"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "365 days"],
] as const;

/**
 * Account → API Keys. A new key's secret lives only in this component's state: never in storage,
 * never in the URL, and gone once the page is left.
 */
export function ApiKeysPage() {
  const keys = useLoad(() => get<{ items: ApiKey[] }>("/keys"), []);
  const [revealed, setRevealed] = useState<{ secret: string; name: string; rolled: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  function onSecret(created: CreatedKey, rolled: boolean) {
    setRevealed({ secret: created.secret, name: created.key.name, rolled });
    keys.reload();
  }

  return (
    <section>
      <PageTitle>API Keys</PageTitle>
      <p>
        Keys authenticate your calls to the API. See the <Link href="/docs">API documentation</Link> for how
        to use them.
      </p>
      {revealed ? <RevealedKey {...revealed} onDone={() => setRevealed(null)} /> : null}
      <CreateKeyForm onCreated={(created) => onSecret(created, false)} onError={setError} />
      <ErrorNotice message={error ?? keys.error} />
      <h2>Your keys</h2>
      {keys.data && keys.data.items.length === 0 ? <p>You have no API keys yet.</p> : null}
      {keys.data && keys.data.items.length > 0 ? (
        <DataTable
          caption="API keys, newest first"
          columns={["Name", "Key", "Created", "Last used", "Expires", "State", "Actions"]}
        >
          {keys.data.items.map((key) => (
            <KeyRow
              key={key.id}
              apiKey={key}
              onChanged={keys.reload}
              onRolled={(created) => onSecret(created, true)}
              onError={setError}
            />
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}

function CreateKeyForm({
  onCreated,
  onError,
}: {
  onCreated(created: CreatedKey): void;
  onError(message: string | null): void;
}) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("never");
  const { submit, busy } = useSubmit(
    async () => {
      const created = await post<CreatedKey>("/keys", {
        name,
        expires_days: expiry === "never" ? null : Number(expiry),
      });
      setName("");
      onCreated(created);
    },
    { onError },
  );

  return (
    <form onSubmit={submit} className="inline-form" aria-label="Create an API key">
      <h2>Create a key</h2>
      <Field
        label="Name"
        name="key-name"
        required
        maxLength={100}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label="Expires"
        name="expires"
        value={expiry}
        options={expiryOptions}
        onChange={setExpiry}
      />
      <button type="submit" className="primary" disabled={busy}>
        Create key
      </button>
    </form>
  );
}

function RevealedKey({
  secret,
  name,
  rolled,
  onDone,
}: {
  secret: string;
  name: string;
  rolled: boolean;
  onDone(): void;
}) {
  return (
    <section className="reveal" aria-label="Your new API key">
      <h2>{rolled ? "Your rolled key" : "Your new key"}</h2>
      <p className="warning">
        <strong>Copy this key now.</strong> It is shown only this once: Sieve keeps only a hash of it, and it
        will not be shown again when you leave this page.
      </p>
      <p>
        Key <span className="key-name">{name}</span>:
      </p>
      <p className="secret">
        <code id="new-key-secret" data-testid="new-key-secret">
          {secret}
        </code>
      </p>
      <CopyButton text={secret} label="Copy key" targetId="new-key-secret" />
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}
