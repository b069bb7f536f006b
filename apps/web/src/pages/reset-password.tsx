import { type FormEvent, useState } from "react";
import { Link, useSearch } from "wouter";
import { errorMessage, post } from "../api/client.ts";
import { Field } from "../components/field.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { MIN_PASSWORD_LENGTH } from "./sign-up.tsx";

/** Asks for a reset mail; the answer is the same whether or not the address has an account. */
export function ResetRequestPage() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await post("/auth/reset-request", { email });
      setSent(true);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Reset your password</PageTitle>
      {sent ? (
        <SuccessNotice>If that address has an account, a reset link is on its way.</SuccessNotice>
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
          <ErrorNotice message={error} />
          <button type="submit" className="primary">
            Send reset link
          </button>
        </form>
      )}
      <p>
        <Link href="/signin">Back to sign in</Link>
      </p>
    </section>
  );
}

/** The page the reset mail links to: `/reset?token=…`. */
export function ResetPage() {
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(token ? null : "This link has no token.");
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD_LENGTH) {
      setError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    try {
      await post("/auth/reset", { token, password });
      setDone(true);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Choose a new password</PageTitle>
      {done ? (
        <SuccessNotice>
          Your password is changed. <Link href="/signin">Sign in</Link>
        </SuccessNotice>
      ) : (
        <form onSubmit={submit} className="stack">
          <Field
            label="New password"
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
          <button type="submit" className="primary" disabled={!token}>
            Set password
          </button>
        </form>
      )}
    </section>
  );
}
