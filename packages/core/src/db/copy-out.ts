import type { Readable } from "node:stream";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/**
 * COPY takes no bind parameters, so a parameterised query's values are inlined as quoted
 * literals. Casts written after a placeholder (`$1::int`) still apply to the literal.
 */
export function inlineParameters(query: { text: string; values: unknown[] }): string {
  return query.text.replace(/\$(\d+)/g, (placeholder, index: string) => {
    const value = query.values[Number(index) - 1];
    if (value === undefined) throw new Error(`no value for ${placeholder}`);
    return value === null ? "NULL" : pg.escapeLiteral(String(value));
  });
}

/**
 * Runs `COPY … TO STDOUT` and returns PostgreSQL's bytes as they arrive: the server formats the
 * rows, so the process only forwards buffers. The connection returns to the pool when the copy
 * ends. If the reader goes away first, its socket is destroyed: a polite end() would let the
 * server run the whole copy for nobody before it read the Terminate message.
 */
export async function streamCopyOut(pool: pg.Pool, copySql: string): Promise<Readable> {
  const client = await pool.connect();
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    if (error) client.connection.stream.destroy();
    client.release(error);
  };
  const copy = client.query(copyTo(copySql));
  copy.once("end", () => release());
  copy.once("error", (error) => release(error));
  copy.once("close", () => {
    if (!copy.readableEnded) release(new Error("copy abandoned"));
  });
  return copy;
}
