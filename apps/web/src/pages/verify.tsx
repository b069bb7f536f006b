import { useEffect, useRef, useState } from "react";
import { Link, useSearch } from "wouter";
import { errorMessage, post } from "../api/client.ts";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice, SuccessNotice } from "../components/notice.tsx";
import { useSession } from "../session.tsx";

/** The page the verification mail links to: `/verify?token=…`. */
export function VerifyPage() {
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [state, setState] = useState<"working" | "done" | "failed">(token ? "working" : "failed");
  const [error, setError] = useState<string | null>(token ? null : "This link has no token.");
  const sent = useRef(false);
  const { me, refresh } = useSession();

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    post("/auth/verify", { token }).then(
      () => {
        setState("done");
        // A signed-in account's /me now says verified.
        refresh().catch(() => undefined);
      },
      (failure: unknown) => {
        setError(errorMessage(failure));
        setState("failed");
      },
    );
  }, [token, refresh]);

  return (
    <section className="narrow">
      <PageTitle>Verify your email</PageTitle>
      {state === "working" ? <p role="status">Verifying…</p> : null}
      {state === "done" ? (
        <SuccessNotice>
          Your email is verified.{" "}
          {me ? <Link href="/account">Go to your account</Link> : <Link href="/signin">Sign in</Link>}
        </SuccessNotice>
      ) : null}
      <ErrorNotice message={error} />
    </section>
  );
}
