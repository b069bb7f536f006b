const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * Whether an error means PostgreSQL could not be reached or went away (connection refused,
 * SQLSTATE class 08 connection exception, 57P0x shutdown), as opposed to a bug in a query.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") {
    return (
      error instanceof Error &&
      /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)
    );
  }
  return NETWORK_CODES.has(code) || code.startsWith("08") || /^57P0[1-3]$/.test(code);
}
