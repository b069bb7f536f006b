import {
  createExportEncoder,
  ExportFormatParam,
  exportContentTypes,
  Pagination,
  type PremiumListReader,
  ProxyListFilters,
  premiumExportShape,
} from "@sieve/core";
import { Router } from "express";
import { z } from "zod";
import { type ExportLimits, sendExport } from "../http/export-response.ts";
import type { Guard } from "../http/guard.ts";
import { parseQuery } from "../http/parse-query.ts";
import { premiumLastCheckFields, proxyExitFields } from "./proxy-item-fields.ts";

const PremiumListQuery = z.strictObject({ ...ProxyListFilters.shape, ...Pagination.shape });
const PremiumExportQuery = z.strictObject({ ...ProxyListFilters.shape, ...ExportFormatParam.shape });

/** One served premium proxy: the list's fields plus `proxy`, usable as is (credentials included). */
export const PremiumProxyItemSchema = z.object({
  proxy: z.string(),
  proxy_norm: z.string(),
  protocol: z.string(),
  ...premiumLastCheckFields,
  ...proxyExitFields,
});

export const PremiumListResponse = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  refreshed_at: z.iso.datetime().nullable(),
  items: z.array(PremiumProxyItemSchema),
});

/**
 * The premium pool for premium accounts. Its entries may carry credentials, so it is read apart
 * from the public list and only behind the premium guard: nothing here reaches a free account.
 */
export function premiumProxyRoutes(deps: {
  guard: Guard;
  premiumList: PremiumListReader;
  exports: ExportLimits;
}): Router {
  const router = Router();

  router.get(
    "/premium/proxies",
    deps.guard({ permission: "api.premium.proxies.read", category: "api_read", requiresPremium: true }),
    async (req, res) => {
      const { page, limit, ...filters } = parseQuery(PremiumListQuery, req);
      const found = await deps.premiumList.page(filters, { page, limit });
      res.json({ page, limit, total: found.total, refreshed_at: found.refreshed_at, items: found.items });
    },
  );

  router.get(
    "/premium/proxies/export",
    deps.guard({ permission: "api.premium.proxies.read", category: "api_export", requiresPremium: true }),
    async (req, res) => {
      const { format, ...filters } = parseQuery(PremiumExportQuery, req);
      const headers = {
        "Content-Type": exportContentTypes[format],
        "Content-Disposition": `attachment; filename="premium-proxies.${format}"`,
        // The file holds credentials: no shared cache may keep it.
        "Cache-Control": "no-store",
      };
      await sendExport(
        res,
        deps.exports,
        headers,
        () => deps.premiumList.stream(filters),
        createExportEncoder(format, premiumExportShape),
      );
    },
  );

  return router;
}
