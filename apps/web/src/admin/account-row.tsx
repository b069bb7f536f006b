import { useState } from "react";
import { errorMessage, post } from "../api/client.ts";
import type { AdminAccount } from "../api/types.ts";
import { OptionList } from "../components/field.tsx";
import { formatDate, formatText } from "../format.ts";

const roles = [
  ["user", "user"],
  ["readonly", "readonly"],
  ["admin", "admin"],
] as const;

interface AccountRowProps {
  account: AdminAccount;
  onChanged(): void;
  onError(message: string | null): void;
}

export function AccountRow({ account, onChanged, onError }: AccountRowProps) {
  const [days, setDays] = useState("30");
  const [role, setRole] = useState<string>(account.role);
  const who = account.email ?? account.id;
  const base = `/admin/accounts/${account.id}`;

  async function act(path: string, body: unknown = {}) {
    onError(null);
    try {
      await post(`${base}${path}`, body);
      onChanged();
    } catch (failure) {
      onError(errorMessage(failure));
    }
  }

  return (
    <tr data-account-id={account.id}>
      <td className="account-email">{formatText(account.email)}</td>
      <td>{account.role}</td>
      <td>{account.tier}</td>
      <td>
        <span className={`state state-${account.status}`}>{account.status}</span>
      </td>
      <td>{account.premium_until ? formatDate(account.premium_until) : "—"}</td>
      <td>{formatDate(account.created_at)}</td>
      <td>
        <div className="actions">
          {account.status === "active" ? (
            <button
              type="button"
              className="danger"
              aria-label={`Suspend ${who}`}
              onClick={() => act("/suspend")}
            >
              Suspend
            </button>
          ) : (
            <button type="button" aria-label={`Activate ${who}`} onClick={() => act("/activate")}>
              Activate
            </button>
          )}
          <span className="roll">
            <label htmlFor={`days-${account.id}`} className="visually-hidden">
              Premium days for {who}
            </label>
            <input
              id={`days-${account.id}`}
              type="number"
              min={0}
              max={3650}
              className="short"
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
            <button
              type="button"
              aria-label={`Grant premium days to ${who}`}
              onClick={() => act("/premium", { days: Number(days) })}
            >
              Grant premium days
            </button>
          </span>
          <span className="roll">
            <label htmlFor={`role-${account.id}`} className="visually-hidden">
              Role of {who}
            </label>
            <select id={`role-${account.id}`} value={role} onChange={(event) => setRole(event.target.value)}>
              <OptionList options={roles} />
            </select>
            <button
              type="button"
              aria-label={`Set role of ${who}`}
              disabled={role === account.role}
              onClick={() => act("/role", { role })}
            >
              Set role
            </button>
          </span>
        </div>
      </td>
    </tr>
  );
}
