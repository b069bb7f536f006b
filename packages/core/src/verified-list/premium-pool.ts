import { formatHostPort, invalidRequest } from "@sieve/vocabulary";
import type pg from "pg";
import type { CredentialCipher } from "../check-jobs/credential-cipher.ts";
import { ingestCandidates } from "./candidate-store.ts";
import { type Candidate, parseSourceList, type UnreadLine } from "./source-format.ts";

/** An address the import did not take, and why. */
export interface RefusedEntry {
  proxy: string;
  reason: string;
}

export interface PremiumChange {
  /** Addresses found in the text, refused ones included. */
  candidates: number;
  /** Entries new to the pool (or retired ones brought back). */
  added: number;
  /** Of the entries taken, those with a username and password (sealed before they are stored). */
  with_credentials: number;
  /** Addresses the target guard refuses: a probe would never dial them, so they are not stored. */
  refused: RefusedEntry[];
  /** Lines in which no proxy was found, with the line parser's reason. */
  invalid_lines: number;
  invalid_examples: UnreadLine[];
}

export interface PremiumPoolDeps {
  pool: pg.Pool;
  /** The probes' target guard. */
  guard: { allows(address: string): boolean };
  /** Seals credentials; without one, lines with credentials are refused. */
  cipher?: CredentialCipher;
}

const MAX_INVALID_EXAMPLES = 20;

function guardReason(host: string): string {
  return `${host} is a guarded address (private, loopback, documentation, reserved or denied); the checker never dials it unless CHECK_ALLOW_CIDRS allows its range`;
}

/** The premium pool as operators maintain it: lists in (with credentials), checked like the public list. */
export function createPremiumPool(deps: PremiumPoolDeps) {
  return {
    async add(text: string): Promise<PremiumChange> {
      const parsed = parseSourceList(text);
      if (parsed.candidates.length === 0) {
        throw invalidRequest(
          "no proxies found: expected ip:port lines (with credentials as ip:port:user:pass, user:pass@ip:port or scheme://user:pass@ip:port), a JSON list or a CSV with ip and port",
          {
            invalid_lines: parsed.unread.length,
            invalid_examples: parsed.unread.slice(0, MAX_INVALID_EXAMPLES),
          },
        );
      }
      const refused: RefusedEntry[] = [];
      const taken: (Candidate & { credentials?: Uint8Array })[] = [];
      for (const entry of parsed.candidates) {
        if (!deps.guard.allows(entry.host)) {
          refused.push({ proxy: formatHostPort(entry.host, entry.port), reason: guardReason(entry.host) });
          continue;
        }
        if (entry.username === undefined || entry.password === undefined) {
          taken.push(entry);
          continue;
        }
        if (!deps.cipher) {
          throw invalidRequest("CREDENTIALS_KEY is required to import proxies with credentials");
        }
        const { username, password, ...address } = entry;
        taken.push({ ...address, credentials: deps.cipher.encrypt({ username, password }) });
      }
      const counts = await ingestCandidates(deps.pool, { pool: "premium", sourceId: null }, taken);
      return {
        candidates: parsed.candidates.length,
        added: counts.added + counts.revived,
        with_credentials: taken.filter((entry) => entry.credentials).length,
        refused,
        invalid_lines: parsed.unread.length,
        invalid_examples: parsed.unread.slice(0, MAX_INVALID_EXAMPLES),
      };
    },
  };
}
export type PremiumPool = ReturnType<typeof createPremiumPool>;
