import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { errorMessage, post } from "../api/client.ts";
import { Field } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";

export const MIN_PASSWORD_LENGTH = 12;

export function SignUpPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD_LENGTH) {
      setError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    setBusy(true);
    try {
      await post("/auth/signup", { email, password });
      setSentTo(email);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Create an account</PageTitle>
      {sentTo ? (
        <SuccessNotice>
          We sent a verification link to <strong>{sentTo}</strong>. Follow it, then sign in.
        </SuccessNotice>
      ) : (
        <form onSubmit={submit} className="stack">
          <Field
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <Field
            label="Password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <ErrorNotice message={error} />
          <button type="submit" className="primary" disabled={busy}>
            Sign up
          </button>
        </form>
      )}
      <p>
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
