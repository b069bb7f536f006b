import { useState } from "react";
import { errorMessage, post } from "../api/client.ts";
import type { ApiKey, CreatedKey } from "../api/types.ts";
import { OptionList } from "../components/field.tsx";
import { formatDate } from "../format.ts";

const graceOptions = [
  ["none", "No grace"],
  ["1h", "1 hour"],
  ["24h", "24 hours"],
] as const;

const stateLabels: Record<string, string> = {
  active: "Active",
  revoked: "Revoked",
  expired: "Expired",
  rolling: "Rolling over",
};

interface KeyRowProps {
  apiKey: ApiKey;
  onChanged(): void;
  onRolled(created: CreatedKey): void;
  onError(message: string | null): void;
}

/** One key: revoke asks for a confirmation first; roll picks the old key's grace period. */
export function KeyRow({ apiKey, onChanged, onRolled, onError }: KeyRowProps) {
  const [confirming, setConfirming] = useState(false);
  const [grace, setGrace] = useState<string>("1h");
  const usable = apiKey.state === "active";
  // A rolling key still works until its grace ends, so it can still be revoked early.
  const revocable = usable || apiKey.state === "rolling";
  const graceId = `grace-${apiKey.id}`;

  async function act(path: string, body: unknown, after: (answer: CreatedKey) => void) {
    onError(null);
    try {
      after(await post<CreatedKey>(path, body));
    } catch (failure) {
      onError(errorMessage(failure));
    }
  }

  return (
    <tr data-key-id={apiKey.id}>
      <td className="key-name">{apiKey.name}</td>
      <td>
        <code>{apiKey.prefix}…</code>
      </td>
      <td>{formatDate(apiKey.created_at)}</td>
      <td>{apiKey.last_used_at ? formatDate(apiKey.last_used_at) : "Never"}</td>
      <td>{apiKey.expires_at ? formatDate(apiKey.expires_at) : "Never"}</td>
      <td>
        <span className={`state state-${apiKey.state}`}>{stateLabels[apiKey.state] ?? apiKey.state}</span>
      </td>
      <td>
        <div className="actions">
          {revocable && !confirming ? (
            <button type="button" onClick={() => setConfirming(true)} aria-label={`Revoke ${apiKey.name}`}>
              Revoke
            </button>
          ) : null}
          {usable && !confirming ? (
            <span className="roll">
              <label htmlFor={graceId} className="visually-hidden">
                Grace period for the old key of {apiKey.name}
              </label>
              <select id={graceId} value={grace} onChange={(event) => setGrace(event.target.value)}>
                <OptionList options={graceOptions} />
              </select>
              <button
                type="button"
                aria-label={`Roll ${apiKey.name}`}
                onClick={() => act(`/keys/${apiKey.id}/roll`, { grace }, onRolled)}
              >
                Roll
              </button>
            </span>
          ) : null}
          {revocable && confirming ? (
            <fieldset className="confirm">
              <legend className="visually-hidden">Confirm revoking {apiKey.name}</legend>
              <span>Revoke this key? Requests with it fail at once.</span>{" "}
              <button
                type="button"
                className="danger"
                onClick={() =>
                  act(`/keys/${apiKey.id}/revoke`, {}, () => {
                    setConfirming(false);
                    onChanged();
                  })
                }
              >
                Yes, revoke
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </fieldset>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
