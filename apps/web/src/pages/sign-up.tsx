import { useState } from "react";
import { Link } from "wouter";
import { post } from "../api/client.ts";
import { assertPasswordLength, EmailField, PasswordField } from "../components/account-fields.tsx";
import { PageTitle } from "../components/layout.tsx";
import { SuccessNotice } from "../components/notice.tsx";
import { StatusForm } from "../components/status-form.tsx";
import { useSubmit } from "../use-submit.ts";

export function SignUpPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { submit, busy, error } = useSubmit(async () => {
    assertPasswordLength(password);
    await post("/auth/signup", { email, password });
    setSentTo(email);
  });

  return (
    <section className="narrow">
      <PageTitle>Create an account</PageTitle>
      {sentTo ? (
        <SuccessNotice>
          We sent a verification link to <strong>{sentTo}</strong>. Follow it, then sign in.
        </SuccessNotice>
      ) : (
        <StatusForm onSubmit={submit} error={error} submitLabel="Sign up" disabled={busy}>
          <EmailField autoComplete="email" value={email} onChange={setEmail} />
          <PasswordField kind="new" name="password" value={password} onChange={setPassword} />
        </StatusForm>
      )}
      <p>
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
