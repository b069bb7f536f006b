import { ExportQuery, ListQuery } from "../routes/proxy-routes.ts";
import { withQuery } from "./error-sets.ts";
import { formatDescription, pagination, proxyFilterDescriptions } from "./parameter-descriptions.ts";
import { curlWithKey, operationGroup, type PublicOperation } from "./public-operation.ts";

/* The verified lists: the public one and the premium pool, each as pages and as a file. */

const proxyListRoute = { tag: "Proxies", method: "get", errors: withQuery } as const;

/** Each list is served the same two ways, with the same filters. */
const asPages = {
  category: "api_read",
  query: ListQuery,
  parameterDescriptions: { ...proxyFilterDescriptions, ...pagination },
} as const;
const asFile = {
  category: "api_export",
  query: ExportQuery,
  parameterDescriptions: { ...formatDescription, ...proxyFilterDescriptions },
} as const;

const publicList = operationGroup({ ...proxyListRoute, permission: "api.proxies.read" }, [
  {
    ...asPages,
    operationId: "listProxies",
    path: "/api/proxies",
    summary: "List verified public proxies with filters and pagination.",
    success: {
      status: 200,
      description: "A page of the verified list",
      schema: "ProxyListPage",
      example: {
        page: 1,
        limit: 20,
        total: 1342,
        refreshed_at: "2026-06-10T08:00:00Z",
        items: [
          {
            proxy_norm: "192.0.2.4:1080",
            protocol: "socks5",
            country: "US",
            anonymity: "elite",
            latency_ms: 230,
            uptime_score: 0.98,
            checked_at: "2026-06-10T07:59:12Z",
          },
        ],
      },
    },
    curl: curlWithKey('curl "{base}/api/proxies?protocol=socks5&country=US&limit=20"'),
    tryPath: "/api/proxies?limit=5",
  },
  {
    ...asFile,
    operationId: "exportProxies",
    path: "/api/proxies/export",
    summary: "Export the filtered proxy list as a file.",
    success: { status: 200, description: "The list as a file", file: "ProxyItem" },
    curl: curlWithKey('curl -o proxies.txt "{base}/api/proxies/export?format=txt&protocol=http"'),
  },
]);

/** The premium pool, whose routes also ask for an active premium subscription. */
const premiumPool = operationGroup(
  { ...proxyListRoute, permission: "api.premium.proxies.read", requiresPremium: true },
  [
    {
      ...asPages,
      operationId: "listPremiumProxies",
      path: "/api/premium/proxies",
      summary:
        "Read the premium proxy pool. Requires an active premium subscription in addition to the permission.",
      success: {
        status: 200,
        description: "A page of the premium pool; each item's `proxy` is usable as is, credentials included",
        schema: "PremiumProxyPage",
      },
      curl: curlWithKey('curl "{base}/api/premium/proxies"'),
    },
    {
      ...asFile,
      operationId: "exportPremiumProxies",
      path: "/api/premium/proxies/export",
      summary:
        "Export the premium pool as a file (txt, csv or json), credentials included. Requires premium.",
      success: { status: 200, description: "The premium pool as a file", file: "PremiumProxyItem" },
    },
  ],
);

export const proxyOperations: PublicOperation[] = [...publicList, ...premiumPool];
