import { type ReactNode, useEffect } from "react";
import { Link, useLocation } from "wouter";
import { isAdmin, useSession } from "../session.tsx";

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const current = location === href;
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className={current ? "active" : undefined}>
      {children}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  const [, navigate] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Sieve
        </Link>
        <nav aria-label="Main">
          {me ? (
            <>
              <NavLink href="/account">Account</NavLink>
              <NavLink href="/account/keys">API Keys</NavLink>
              <NavLink href="/check">Check proxies</NavLink>
              <NavLink href="/proxies">Proxy list</NavLink>
              <NavLink href="/docs">API docs</NavLink>
              {isAdmin(me) ? (
                <>
                  <NavLink href="/admin/accounts">Accounts</NavLink>
                  <NavLink href="/admin/sources">Sources</NavLink>
                </>
              ) : null}
            </>
          ) : (
            <>
              <NavLink href="/signin">Sign in</NavLink>
              <NavLink href="/signup">Sign up</NavLink>
              <NavLink href="/docs">API docs</NavLink>
            </>
          )}
        </nav>
        {me ? (
          <div className="who">
            <span className="who-email">{me.email}</span>
            <button
              type="button"
              onClick={async () => {
                await signOut();
                navigate("/signin");
              }}
            >
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** A page's title: sets the document title too, so each route announces itself. */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} · Sieve`;
  }, [children]);
  return <h1>{children}</h1>;
}
