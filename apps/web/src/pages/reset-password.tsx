import { useState } from "react";
import { Link, useSearch } from "wouter";
import { post } from "../api/client.ts";
import { assertPasswordLength, EmailField, PasswordField } from "../components/account-fields.tsx";
import { PageTitle } from "../components/layout.tsx";
import { SuccessNotice } from "../components/notice.tsx";
import { StatusForm } from "../components/status-form.tsx";
import { useSubmit } from "../use-submit.ts";

/** Asks for a reset mail; the answer is the same whether or not the address has an account. */
export function ResetRequestPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { submit, error } = useSubmit(async () => {
    await post("/auth/reset-request", { email });
    setSent(true);
  });

  return (
    <section className="narrow">
      <PageTitle>Reset your password</PageTitle>
      {sent ? (
        <SuccessNotice>If that address has an account, a reset link is on its way.</SuccessNotice>
      ) : (
        <StatusForm onSubmit={submit} error={error} submitLabel="Send reset link">
          <EmailField autoComplete="email" value={email} onChange={setEmail} />
        </StatusForm>
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
  const [done, setDone] = useState(false);
  const { submit, error } = useSubmit(
    async () => {
      assertPasswordLength(password);
      await post("/auth/reset", { token, password });
      setDone(true);
    },
    { initialError: token ? null : "This link has no token." },
  );

  return (
    <section className="narrow">
      <PageTitle>Choose a new password</PageTitle>
      {done ? (
        <SuccessNotice>
          Your password is changed. <Link href="/signin">Sign in</Link>
        </SuccessNotice>
      ) : (
        <StatusForm onSubmit={submit} error={error} submitLabel="Set password" disabled={!token}>
          <PasswordField
            kind="new"
            label="New password"
            name="password"
            value={password}
            onChange={setPassword}
          />
        </StatusForm>
      )}
    </section>
  );
}
