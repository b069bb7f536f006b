import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, get, post, resetCsrfToken } from "./api/client.ts";
import type { Me } from "./api/types.ts";

interface Session {
  /** undefined while the first /me is in flight, null when signed out. */
  me: Me | null | undefined;
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const next = await get<Me>("/me");
      setMe(next);
      return next;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setMe(null);
        return null;
      }
      throw error;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post("/auth/signout");
    } finally {
      resetCsrfToken();
      setMe(null);
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMe(null));
  }, [refresh]);

  return <SessionContext.Provider value={{ me, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function isAdmin(me: Me | null | undefined): boolean {
  return me?.role === "admin";
}

export function isPremium(me: Me | null | undefined): boolean {
  if (!me) return false;
  if (me.tier === "premium") return true;
  return me.premium_until !== null && new Date(me.premium_until).getTime() > Date.now();
}
