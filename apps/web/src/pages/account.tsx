import { useEffect, useState } from "react";
import { Link } from "wouter";
import { errorMessage, post, resetCsrfToken } from "../api/client.ts";
import { assertPasswordLength, PasswordField } from "../components/account-fields.tsx";
import { DataTable } from "../components/data-table.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { formatDate, formatNumber, formatText } from "../format.ts";
import { useSession } from "../session.tsx";
import { useSubmit } from "../use-submit.ts";
import { WebhookSecretSection } from "./webhook-secret.tsx";

const categoryLabels: Record<string, string> = {
  api_read: "Proxy lists, job status & results",
  api_check: "Submitting check jobs",
  api_export: "File exports",
};

function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "per hour" : `per ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "per minute" : `per ${seconds / 60} minutes`;
  return `per ${formatNumber(seconds)} s`;
}

export function AccountPage() {
  const { me, refresh } = useSession();
  // Usage moves as the account calls the API: read it fresh each time the page opens.
  useEffect(() => {
    refresh().catch(() => undefined);
  }, [refresh]);
  if (!me) return null;
  return (
    <section>
      <PageTitle>Account</PageTitle>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{formatText(me.email)}</dd>
        <dt>Role</dt>
        <dd>{formatText(me.role)}</dd>
        <dt>Tier</dt>
        <dd>{formatText(me.tier)}</dd>
        <dt>Status</dt>
        <dd>{formatText(me.status)}</dd>
        <dt>Email verified</dt>
        <dd>{me.email_verified === false ? <ResendVerification /> : "Yes"}</dd>
        <dt>Premium until</dt>
        <dd>{me.premium_until ? formatDate(me.premium_until) : "Not premium"}</dd>
      </dl>
      <p>
        <Link href="/account/keys">Manage API keys</Link>
      </p>

      <h2>Usage</h2>
      <DataTable
        caption="Requests used in the current window of each rate-limit category"
        columns={["Category", "Applies to", "Used", "Limit", "Window", "Resets"]}
        scroll={false}
      >
        {(me.limits ?? []).map((usage) => (
          <tr key={usage.category}>
            <th scope="row">
              <code>{usage.category}</code>
            </th>
            <td>{categoryLabels[usage.category] ?? usage.category}</td>
            <td>{formatNumber(usage.limit - usage.remaining)}</td>
            <td>{formatNumber(usage.limit)}</td>
            <td>{formatWindow(usage.window_seconds)}</td>
            <td>{usage.reset_at ? formatDate(usage.reset_at) : "Not started"}</td>
          </tr>
        ))}
      </DataTable>

      <WebhookSecretSection verified={me.email_verified !== false} />

      <ChangePassword />
    </section>
  );
}

/** Until the address is verified, keys, checks and lists stay closed: offer the mail again. */
function ResendVerification() {
  const [state, setState] = useState<"idle" | "sent" | "failed">("idle");
  const [error, setError] = useState<string | null>(null);
  async function resend() {
    try {
      await post("/auth/resend-verification");
      setState("sent");
    } catch (failure) {
      setError(errorMessage(failure));
      setState("failed");
    }
  }
  return (
    <>
      Not yet: follow the link in the mail we sent.{" "}
      {state === "sent" ? (
        <span role="status">Sent again.</span>
      ) : (
        <button type="button" onClick={resend}>
          Send the mail again
        </button>
      )}
      <ErrorNotice message={error} />
    </>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [done, setDone] = useState(false);
  const { submit, error } = useSubmit(async () => {
    setDone(false);
    assertPasswordLength(next, "The new password");
    await post("/auth/password", { current_password: current, new_password: next });
    // The server rotated this session: its CSRF token went with the old one.
    resetCsrfToken();
    setCurrent("");
    setNext("");
    setDone(true);
  });

  return (
    <form onSubmit={submit} className="stack narrow">
      <h2>Change password</h2>
      <PasswordField kind="current" label="Current password" value={current} onChange={setCurrent} />
      <PasswordField kind="new" label="New password" value={next} onChange={setNext} />
      <ErrorNotice message={error} />
      {done ? <SuccessNotice>Password changed.</SuccessNotice> : null}
      <button type="submit">Change password</button>
    </form>
  );
}
