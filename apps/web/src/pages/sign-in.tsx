import { useState } from "react";
import { Link, useLocation } from "wouter";
import { post, resetCsrfToken } from "../api/client.ts";
import { EmailField, PasswordField } from "../components/account-fields.tsx";
import { PageTitle } from "../components/layout.tsx";
import { StatusForm } from "../components/status-form.tsx";
import { useSession } from "../session.tsx";
import { useSubmit } from "../use-submit.ts";

export function SignInPage() {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    await post("/auth/signin", { email, password });
    // The server rotates the session at sign-in, and the CSRF token with it.
    resetCsrfToken();
    await refresh();
    navigate("/account");
  });

  return (
    <section className="narrow">
      <PageTitle>Sign in</PageTitle>
      <StatusForm onSubmit={submit} error={error} submitLabel="Sign in" disabled={busy}>
        <EmailField autoComplete="username" value={email} onChange={setEmail} />
        <PasswordField kind="current" name="password" value={password} onChange={setPassword} />
      </StatusForm>
      <p>
        <Link href="/reset-request">Forgot your password?</Link>
      </p>
      <p>
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </section>
  );
}
