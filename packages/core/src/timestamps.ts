/** A time as every answer of the API writes it, ISO 8601 in UTC, or null where there is none. */
export function isoTimestamp(time: Date | null | undefined): string | null {
  return time?.toISOString() ?? null;
}
