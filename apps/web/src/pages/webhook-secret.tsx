import { useState } from "react";
import { get, post } from "../api/client.ts";
import { CopyButton } from "../components/copy-button.tsx";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { useAction } from "../use-submit.ts";

interface WebhookSecret {
  webhook_secret: string;
}

/**
 * Account → Webhooks. The signing secret is fetched only when asked for, so it is not on screen
 * (or in the page's state) for every visit; rolling it is for a secret that leaked.
 */
export function WebhookSecretSection({ verified }: { verified: boolean }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [rolled, setRolled] = useState(false);
  const { run, busy, error } = useAction();
  const show = () => run(async () => setSecret((await get<WebhookSecret>("/webhook-secret")).webhook_secret));
  const roll = () =>
    run(async () => {
      setConfirming(false);
      setSecret((await post<WebhookSecret>("/webhook-secret/roll")).webhook_secret);
      setRolled(true);
    });

  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p>
        Calls to a job's <code>callback_url</code> are signed with this secret: <code>Sieve-Signature</code>{" "}
        is <code>v1=</code> and the HMAC-SHA256 of <code>{"{Sieve-Timestamp}.{body}"}</code>. Keep it on your
        receiver only.
      </p>
      {!verified ? (
        <p>Verify your email address to get a webhook secret.</p>
      ) : secret ? (
        <p>
          <code id="webhook-secret">{secret}</code> <CopyButton text={secret} targetId="webhook-secret" />
        </p>
      ) : (
        <button type="button" onClick={show} disabled={busy}>
          Show the webhook secret
        </button>
      )}
      {verified && !confirming ? (
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Roll the webhook secret
        </button>
      ) : null}
      {confirming ? (
        <p className="actions">
          Receivers that check the old secret will refuse the calls signed with the new one.{" "}
          <button type="button" onClick={roll} disabled={busy}>
            Yes, roll it
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : null}
      {rolled ? <SuccessNotice>New secret made: calls are signed with it from now on.</SuccessNotice> : null}
      <ErrorNotice message={error} />
    </section>
  );
}
