import type { PrismaClient } from "../generated/prisma/client.ts";
import { digestApiKey, isWellFormedApiKey } from "../keys/api-key.ts";

/** Who is calling: the key's account as it stands at this request. */
export interface Caller {
  keyId: string;
  accountId: string;
  role: string;
  accountActive: boolean;
  premiumUntil: Date | null;
}

export type AuthenticationResult =
  | { ok: true; caller: Caller }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" };

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Looks every key up in PostgreSQL on every request: revocation and suspension take effect on
 * the very next request on every replica, with no cache to invalidate.
 */
export function createKeyAuthenticator(deps: {
  prisma: PrismaClient;
  onTouchError?: (error: unknown) => void;
}) {
  return async function authenticate(presented: string, now = new Date()): Promise<AuthenticationResult> {
    if (!isWellFormedApiKey(presented)) return { ok: false, reason: "malformed" };
    const key = await deps.prisma.apiKey.findUnique({
      where: { digest: digestApiKey(presented) },
      select: {
        id: true,
        revokedAt: true,
        lastUsedAt: true,
        account: { select: { id: true, role: true, status: true, premiumUntil: true } },
      },
    });
    if (!key) return { ok: false, reason: "unknown" };
    if (key.revokedAt) return { ok: false, reason: "revoked" };
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Recorded at most about once a minute per key, off the request's critical path.
      deps.prisma.apiKey
        .updateMany({
          where: {
            id: key.id,
            OR: [
              { lastUsedAt: null },
              { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
            ],
          },
          data: { lastUsedAt: now },
        })
        .catch((error: unknown) => deps.onTouchError?.(error));
    }
    return {
      ok: true,
      caller: {
        keyId: key.id,
        accountId: key.account.id,
        role: key.account.role,
        accountActive: key.account.status === "active",
        premiumUntil: key.account.premiumUntil,
      },
    };
  };
}
export type KeyAuthenticator = ReturnType<typeof createKeyAuthenticator>;
