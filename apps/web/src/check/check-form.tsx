import { type ChangeEvent, useId, useState } from "react";
import { post } from "../api/client.ts";
import { StatusForm } from "../components/status-form.tsx";
import { useSubmit } from "../use-submit.ts";

/** The API's request body limit (Express's "2mb"): the JSON body sent, not only the list, must fit. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function CheckForm({ onSubmitted }: { onSubmitted(jobId: string): void }) {
  const [text, setText] = useState("");
  const [includeAnonymity, setIncludeAnonymity] = useState(false);
  const textId = useId();
  const fileId = useId();
  const anonymityId = useId();

  const { submit, busy, error, setError } = useSubmit(async () => {
    const body = { proxies_text: text, include_anonymity: includeAnonymity };
    if (byteLength(JSON.stringify(body)) > BODY_LIMIT_BYTES) {
      throw new Error("The list is larger than the 2 MB limit: split it into smaller lists.");
    }
    const submitted = await post<{ job_id: string }>("/check", body);
    onSubmitted(submitted.job_id);
  });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > BODY_LIMIT_BYTES) {
      setError(`${file.name} is larger than the 2 MB limit.`);
      return;
    }
    setText(await file.text());
  }

  return (
    <StatusForm
      onSubmit={submit}
      error={error}
      submitLabel="Check proxies"
      disabled={busy || text.trim() === ""}
      aria-label="Check a list of proxies"
    >
      <div className="field">
        <label htmlFor={textId}>Proxies, one per line</label>
        <textarea
          id={textId}
          name="proxies_text"
          rows={8}
          spellCheck={false}
          placeholder={"192.0.2.10:8080\n198.51.100.7:1080:user:pass"}
          aria-describedby={`${textId}-hint`}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <small id={`${textId}-hint`} className="hint">
          ip:port or ip:port:user:pass, optionally with a scheme such as socks5://. Up to 2 MB.
        </small>
      </div>
      <div className="field">
        <label htmlFor={fileId}>Or upload a text file</label>
        <input id={fileId} type="file" accept=".txt,.csv,text/plain" onChange={onFile} />
      </div>
      <div className="check">
        <input
          id={anonymityId}
          type="checkbox"
          checked={includeAnonymity}
          onChange={(event) => setIncludeAnonymity(event.target.checked)}
        />
        <label htmlFor={anonymityId}>Also detect the anonymity level (slower)</label>
      </div>
    </StatusForm>
  );
}
