import { SieveError } from "@sieve/vocabulary";

const UNREACHABLE_CODES = new Set([
  "P1001",
  "P1002",
  "ECONNREFUSED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "57P03",
]);
const MISSING_DATABASE_CODES = new Set(["P1003", "3D000"]);
const NOT_MIGRATED_CODES = new Set(["P2021", "P2022", "42P01", "42703"]);
const REFUSED_LOGIN_CODES = new Set(["P1000", "28P01", "28000"]);

const START_HINT =
  "start it with `bash infra/dev/setup-machine.sh` (or `pg_ctlcluster <version> main start`)";

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === "string") return code;
  // Node reports a failed connection to every address of a host as an AggregateError.
  if (Array.isArray(errors)) return codeOf(errors[0]);
  return undefined;
}

/** Turns a failure to use PostgreSQL into one line that says what to do; other errors pass through. */
export function describeDatabaseError(error: unknown, databaseUrl: string): unknown {
  const code = codeOf(error);
  if (code === undefined) return error;
  const url = new URL(databaseUrl);
  const server = `${url.hostname}:${url.port || "5432"}`;
  const database = decodeURIComponent(url.pathname.slice(1));
  if (UNREACHABLE_CODES.has(code)) {
    return new SieveError("unavailable", `cannot reach PostgreSQL at ${server}; ${START_HINT}`);
  }
  if (MISSING_DATABASE_CODES.has(code)) {
    return new SieveError(
      "unavailable",
      `database ${database} does not exist on ${server}; run \`pnpm db:migrate\``,
    );
  }
  if (NOT_MIGRATED_CODES.has(code)) {
    return new SieveError("unavailable", `database ${database} is not migrated; run \`pnpm db:migrate\``);
  }
  if (REFUSED_LOGIN_CODES.has(code)) {
    return new SieveError("unavailable", `PostgreSQL at ${server} refused the login in DATABASE_URL`);
  }
  return error;
}
