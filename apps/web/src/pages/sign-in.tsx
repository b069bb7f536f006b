import { type FormEvent, useState } from "react";
import { Link, useLocation } from "wouter";
import { errorMessage, post, resetCsrfToken } from "../api/client.ts";
import { Field } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { useSession } from "../session.tsx";

export function SignInPage() {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post("/auth/signin", { email, password });
      // The server rotates the session at sign-in, and the CSRF token with it.
      resetCsrfToken();
      await refresh();
      navigate("/account");
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Sign in</PageTitle>
      <form onSubmit={submit} className="stack">
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorNotice message={error} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        <Link href="/reset-request">Forgot your password?</Link>
      </p>
      <p>
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </section>
  );
}
