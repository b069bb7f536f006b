import { SieveError } from "@sieve/vocabulary";

export interface ExportSlots {
  /** Takes a slot for one export of `accountId`, or refuses with a 429; call the result when it ends. */
  acquire(accountId: string): () => void;
}

/**
 * Bounds the streamed exports one process runs at once, in all and per account, so a few slow
 * readers can hold neither the export pool nor the process. The count is per process: each
 * replica bounds its own share.
 */
export function createExportSlots(limits: { perProcess: number; perAccount: number }): ExportSlots {
  const byAccount = new Map<string, number>();
  let running = 0;
  return {
    acquire(accountId) {
      const mine = byAccount.get(accountId) ?? 0;
      if (mine >= limits.perAccount) {
        throw new SieveError(
          "rate_limited",
          `at most ${limits.perAccount} exports of one account run at once`,
          {
            retry_after: 5,
          },
        );
      }
      if (running >= limits.perProcess) {
        throw new SieveError("rate_limited", "too many exports are running; retry shortly", {
          retry_after: 5,
        });
      }
      running++;
      byAccount.set(accountId, mine + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running--;
        const left = (byAccount.get(accountId) ?? 1) - 1;
        if (left === 0) byAccount.delete(accountId);
        else byAccount.set(accountId, left);
      };
    },
  };
}
