import type { ComponentType, ReactNode } from "react";
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

/** Who may open a page: anyone, a visitor not signed in, any signed-in account, or admins only. */
type Audience = "anyone" | "signedOut" | "signedIn" | "admin";

/** Each page by its path, under who may open it. */
const pages: Record<Audience, Record<string, ComponentType>> = {
  signedOut: { "/signin": SignInPage, "/signup": SignUpPage },
  anyone: {
    "/verify": VerifyPage,
    "/reset-request": ResetRequestPage,
    "/reset": ResetPage,
    "/docs": DocsPage,
  },
  signedIn: {
    "/account": AccountPage,
    "/account/keys": ApiKeysPage,
    "/check": CheckPage,
    "/proxies": ProxyListPage,
  },
  admin: { "/admin/accounts": AdminAccountsPage, "/admin/sources": AdminSourcesPage },
};

function ForAudience({ audience, children }: { audience: Audience; children: ReactNode }) {
  if (audience === "signedOut") return <SignedOut>{children}</SignedOut>;
  if (audience === "anyone") return <>{children}</>;
  return <SignedIn admin={audience === "admin"}>{children}</SignedIn>;
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
        <Route path="/login">
          <Redirect to="/signin" />
        </Route>
        {Object.entries(pages).flatMap(([audience, byPath]) =>
          Object.entries(byPath).map(([path, Page]) => (
            <Route key={path} path={path}>
              <ForAudience audience={audience as Audience}>
                <Page />
              </ForAudience>
            </Route>
          )),
        )}
        <Route component={NotFound} />
      </Switch>
    </Layout>
  );
}
