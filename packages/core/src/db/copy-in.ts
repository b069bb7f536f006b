import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export type CopyValue = string | number | Uint8Array | null;

const COPY_CHUNK_CHARS = 64 * 1024;
const TEXT_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** One value in COPY's text format: NULL as \N, bytes as bytea hex, special characters escaped. */
function copyText(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString("hex")}`;
  // Most values hold nothing to escape: a test is cheaper than a replace that finds nothing.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (character) => TEXT_ESCAPES[character]!) : value;
}

/**
 * Bulk-inserts rows with `COPY … FROM STDIN` on the given client (so it joins the caller's
 * transaction): for large batches far cheaper than an INSERT, which parses every value.
 */
export async function copyRowsIn(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  // Rows go out in chunks of about COPY_CHUNK_CHARS: each chunk is a CopyData message and a socket
  // write, and a write per row cost the 202 for 100,000 lines half a second in syscalls.
  const lines = function* () {
    let chunk = "";
    for (const row of rows) {
      // By hand rather than map and join: no array per row, for the 100,000 rows of a large job.
      for (let column = 0; column < row.length; column++) {
        chunk += column === 0 ? copyText(row[0] as CopyValue) : `\t${copyText(row[column] as CopyValue)}`;
      }
      chunk += "\n";
      if (chunk.length >= COPY_CHUNK_CHARS) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  };
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(lines()), copy);
}
