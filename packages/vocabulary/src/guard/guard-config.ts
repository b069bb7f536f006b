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
