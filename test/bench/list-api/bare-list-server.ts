import { createServer } from "node:http";
import { Pagination, ProxyListFilters, proxyListPageQuery } from "@sieve/core";
import pg from "pg";

/**
 * The list-read floor of issue 15: a bare `node:http` server that answers GET /api/v1/api/proxies
 * with the API's own page query over a pool of the same size, and the same items as JSON. It has
 * what any HTTP API over PostgreSQL must pay (parsing, the query, JSON) and nothing of Sieve's
 * own (authentication, rate limits, validation errors, logging). Prints its port once listening.
 */
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 20),
});
pool.on("error", () => {});

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://bare");
    const { page, limit, ...filters } = Object.fromEntries(url.searchParams);
    const pagination = Pagination.parse({ page, limit });
    const query = proxyListPageQuery("public", ProxyListFilters.parse(filters), pagination);
    // The page query answers the items as JSON that PostgreSQL wrote, as it does for the API.
    const result = await pool.query<{ items: string; refreshed_at: Date | null }>(query.text, query.values);
    const row = result.rows[0];
    const head = JSON.stringify({
      page: pagination.page,
      limit: pagination.limit,
      refreshed_at: row?.refreshed_at ?? null,
    });
    res
      .writeHead(200, { "content-type": "application/json; charset=utf-8" })
      .end(`${head.slice(0, -1)},"items":${row?.items ?? "[]"}}`);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(typeof address === "object" && address ? address.port : 0);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
