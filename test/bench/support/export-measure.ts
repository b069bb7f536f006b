import { request } from "node:http";
import { PROXY_ITEM_COLUMNS, type ProxyListFilters, proxyListWhere } from "@sieve/core";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

export interface ExportRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const NEWLINE = 0x0a;

/** Counts lines of a CSV stream without keeping it; the header line is not a row. */
function countRows(stream: NodeJS.ReadableStream, started: number): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    let lines = 0;
    stream.on("data", (chunk: Buffer) => {
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
    });
    stream.once("error", reject);
    stream.once("end", () => {
      const seconds = (performance.now() - started) / 1000;
      const rows = Math.max(0, lines - 1);
      resolve({ rows, seconds, rowsPerSecond: rows / seconds });
    });
  });
}

/** GET …/proxies/export as CSV, streamed into a counting sink. */
export function exportThroughApi(url: string, apiKey: string, path: string): Promise<ExportRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`export answered ${res.statusCode}`));
        return;
      }
      countRows(res, started).then(resolve, reject);
    });
    req.once("error", reject);
    req.end();
  });
}

/** The export's own WHERE with its values inlined as literals: COPY takes no parameters. */
export function copyExportSql(filters: ProxyListFilters): string {
  const where = proxyListWhere("public", filters);
  const inlined = where.sql.replace(/\$(\d+)/g, (_match, index: string) =>
    pg.escapeLiteral(String(where.values[Number(index) - 1])),
  );
  return `COPY (SELECT ${PROXY_ITEM_COLUMNS} FROM proxies WHERE ${inlined} ORDER BY id) TO STDOUT WITH CSV HEADER`;
}

/** The floor: PostgreSQL writing the same rows as CSV itself. */
export async function exportThroughCopy(databaseUrl: string, sql: string): Promise<ExportRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    return await countRows(client.query(copyTo(sql)), started);
  } finally {
    await client.end();
  }
}
