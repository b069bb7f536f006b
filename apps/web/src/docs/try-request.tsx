import { type FormEvent, useId, useState } from "react";

/**
 * Sends one real GET to this deployment's API with a key the user pastes. The key stays in this
 * component's state: never stored, never put in the URL, gone when the page is left.
 */
export function TryRequest({ base, path }: { base: string; path: string }) {
  const [key, setKey] = useState("");
  const [answer, setAnswer] = useState<{ status: number; body: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const keyId = useId();

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await fetch(base + path, { headers: { Authorization: `Bearer ${key.trim()}` } });
      const text = await response.text();
      let body = text;
      try {
        body = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not JSON: show it as it came.
      }
      setAnswer({ status: response.status, body });
    } catch (failure) {
      setAnswer({ status: 0, body: failure instanceof Error ? failure.message : "request failed" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="try" onSubmit={send} aria-label={`Try GET ${path}`}>
      <p className="label">Try it</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={keyId}>Your API key</label>
          <input
            id={keyId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            placeholder="pk_live_…"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          Send GET {path}
        </button>
      </div>
      {answer ? (
        <>
          <p role="status">Status {answer.status === 0 ? "none (network error)" : answer.status}</p>
          <pre>
            <code data-testid="try-response">{answer.body}</code>
          </pre>
        </>
      ) : null}
    </form>
  );
}
