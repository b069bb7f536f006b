import { type Readable, Transform } from "node:stream";
import type pg from "pg";
import QueryStream from "pg-query-stream";

/**
 * Runs a query through a cursor and maps each row, so memory stays flat whatever the result's
 * size. The connection returns to the pool at the end; if the reader goes away mid-way it is
 * destroyed instead, since a half-read cursor cannot be reused.
 */
export async function streamQuery<Row, Item>(
  pool: pg.Pool,
  query: { text: string; values: unknown[] },
  map: (row: Row) => Item,
): Promise<Readable> {
  const client = await pool.connect();
  const rows = client.query(new QueryStream(query.text, query.values, { batchSize: 2000 }));
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  const items = new Transform({
    objectMode: true,
    transform(row: Row, _encoding, done) {
      try {
        done(null, map(row));
      } catch (error) {
        done(error as Error);
      }
    },
  });
  rows.once("end", () => release());
  rows.once("error", (error) => {
    release(error);
    items.destroy(error);
  });
  items.once("close", () => {
    if (rows.readableEnded) return;
    rows.destroy();
    release(new Error("stream abandoned"));
  });
  return rows.pipe(items);
}
