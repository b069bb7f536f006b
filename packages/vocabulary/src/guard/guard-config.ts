import { z } from "zod";
import { commaList } from "../config/fragments.ts";
import { parseCidr } from "./target-guard.ts";

const isCidr = (value: string) => {
  try {
    parseCidr(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Config fragment of the processes that handle webhooks (api, worker). Callback URLs obey the
 * target guard with an allowlist of their own, so letting probes reach a range never lets
 * webhooks reach it too.
 */
export const webhookGuardConfig = z.object({
  /** Guarded ranges a callback_url may still reach (comma-separated CIDRs), e.g. 127.0.0.1/32 for tests. */
  WEBHOOK_ALLOW_CIDRS: commaList.refine((list) => list.every(isCidr), "must be comma-separated CIDRs"),
});

/** Config fragment of every process that decides what may be dialled (api, worker, CLI). */
export const guardConfig = z.object({
  /** Ranges the target guard lets through (comma-separated CIDRs), e.g. 127.0.0.0/8 for tests. */
  CHECK_ALLOW_CIDRS: commaList.refine((list) => list.every(isCidr), "must be comma-separated CIDRs"),
  /**
   * Ranges never dialled, whatever CHECK_ALLOW_CIDRS says: the operator's own infrastructure
   * (database, Redis, admin networks) when it sits in public space the guard would let through.
   */
  CHECK_DENY_CIDRS: commaList.refine((list) => list.every(isCidr), "must be comma-separated CIDRs"),
});
