import {
  ExportFormatParam,
  exportContentTypes,
  jsonArrayEncoder,
  Pagination,
  ProxyListFilters,
  type ProxyListReader,
} from "@sieve/core";
import type { ProxyPoolName } from "@sieve/vocabulary";
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { type ExportLimits, sendExport } from "../http/export-response.ts";
import type { Guard } from "../http/guard.ts";
import { sendJsonText } from "../http/json-text-response.ts";
import { parseQuery } from "../http/parse-query.ts";

export const ListQuery = z.strictObject({ ...ProxyListFilters.shape, ...Pagination.shape });
export const ExportQuery = z.strictObject({ ...ProxyListFilters.shape, ...ExportFormatParam.shape });

/** `body` encoded with `items` appended as JSON that PostgreSQL has already written. */
function withItemsJson(body: Record<string, unknown>, itemsJson: string): string {
  return `${JSON.stringify(body).slice(0, -1)},"items":${itemsJson}}`;
}

/** The verified public list and its export (the premium pool is served by premium-proxy-routes). */
export function proxyRoutes(deps: { guard: Guard; proxies: ProxyListReader; exports: ExportLimits }): Router {
  const router = Router();

  const listHandler =
    (pool: ProxyPoolName): RequestHandler =>
    async (req, res) => {
      const { page, limit, ...filters } = parseQuery(ListQuery, req);
      const { itemsJson, ...meta } = await deps.proxies.page(pool, filters, { page, limit });
      sendJsonText(res, withItemsJson({ page, limit, ...meta }, itemsJson));
    };

  router.get(
    "/proxies",
    deps.guard({ permission: "api.proxies.read", category: "api_read" }),
    listHandler("public"),
  );

  router.get(
    "/proxies/export",
    deps.guard({ permission: "api.proxies.read", category: "api_export" }),
    async (req, res) => {
      const { format, ...filters } = parseQuery(ExportQuery, req);
      const headers = {
        "Content-Type": exportContentTypes[format],
        "Content-Disposition": `attachment; filename="proxies.${format}"`,
      };
      if (format === "json") {
        await sendExport(
          res,
          deps.exports,
          headers,
          () => deps.proxies.stream("public", filters),
          jsonArrayEncoder(),
        );
        return;
      }
      await sendExport(res, deps.exports, headers, () => deps.proxies.exportFile("public", filters, format));
    },
  );

  return router;
}
