import type { ReactNode } from "react";
import { Redirect, Route, Switch } from "wouter";
import { AdminAccountsPage } from "./admin/accounts-page.tsx";
import { AdminSourcesPage } from "./admin/sources-page.tsx";
import { Layout, PageTitle } from "./components/layout.tsx";
import { AccountPage } from "./pages/account.tsx";
import { ApiKeysPage } from "./pages/api-keys.tsx";
import { CheckPage } from "./pages/check.tsx";
import { DocsPage } from "./pages/docs.tsx";
import { ProxyListPage } from "./pages/proxy-list.tsx";
import { ResetPage, ResetRequestPage } from "./pages/reset-password.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { SignUpPage } from "./pages/sign-up.tsx";
import { VerifyPage } from "./pages/verify.tsx";
import { isAdmin, useSession } from "./session.tsx";

/** Pages that need a session send a signed-out visitor to sign in; admin pages need the admin role. */
function SignedIn({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { me } = useSession();
  if (me === undefined) return <p role="status">Loading…</p>;
  if (me === null) return <Redirect to="/signin" />;
  if (admin && !isAdmin(me)) return <NotFound />;
  return <>{children}</>;
}

function SignedOut({ children }: { children: ReactNode }) {
  const { me } = useSession();
  if (me === undefined) return <p role="status">Loading…</p>;
  if (me) return <Redirect to="/account" />;
  return <>{children}</>;
}

function NotFound() {
  return (
    <section>
      <PageTitle>Page not found</PageTitle>
      <p>There is no page at this address.</p>
    </section>
  );
}

export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <SignedIn>
            <Redirect to="/account" />
          </SignedIn>
        </Route>
        <Route path="/signin">
          <SignedOut>
            <SignInPage />
          </SignedOut>
        </Route>
        <Route path="/login">
          <Redirect to="/signin" />
        </Route>
        <Route path="/signup">
          <SignedOut>
            <SignUpPage />
          </SignedOut>
        </Route>
        <Route path="/verify" component={VerifyPage} />
        <Route path="/reset-request" component={ResetRequestPage} />
        <Route path="/reset" component={ResetPage} />
        <Route path="/docs">
          <DocsPage />
        </Route>
        <Route path="/account">
          <SignedIn>
            <AccountPage />
          </SignedIn>
        </Route>
        <Route path="/account/keys">
          <SignedIn>
            <ApiKeysPage />
          </SignedIn>
        </Route>
        <Route path="/check">
          <SignedIn>
            <CheckPage />
          </SignedIn>
        </Route>
        <Route path="/proxies">
          <SignedIn>
            <ProxyListPage />
          </SignedIn>
        </Route>
        <Route path="/admin/accounts">
          <SignedIn admin>
            <AdminAccountsPage />
          </SignedIn>
        </Route>
        <Route path="/admin/sources">
          <SignedIn admin>
            <AdminSourcesPage />
          </SignedIn>
        </Route>
        <Route component={NotFound} />
      </Switch>
    </Layout>
  );
}
