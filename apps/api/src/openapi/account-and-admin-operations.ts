import { PremiumEntriesQuery, PremiumEntryKey, ProxiesText } from "../routes/premium-admin-routes.ts";
import { NewSource } from "../routes/source-admin-routes.ts";
import { guarded, ofOneRecord, withBody, withQuery } from "./error-sets.ts";
import { curlWithKey, listPage, operationGroup, type PublicOperation } from "./public-operation.ts";

/* The caller's own account, and the operators' endpoints for the premium pool and the sources. */

const account: PublicOperation = {
  operationId: "getAccount",
  method: "get",
  path: "/api/account",
  tag: "Account",
  summary:
    "Read your account: email, role, tier, premium until, permissions, and each rate limit with what remains of it. Spends no quota.",
  permission: "api.account.read",
  category: null,
  success: { status: 200, description: "The key's account", schema: "Account" },
  // No quota of its own, but the per-address limit still applies.
  errors: withQuery,
  curl: curlWithKey('curl "{base}/api/account"'),
};

const premiumPool = operationGroup({ tag: "Admin", permission: "admin.premium.write" }, [
  {
    operationId: "addPremiumProxies",
    method: "post",
    path: "/api/admin/premium/proxies",
    summary: "Add proxies to the premium pool (admins). New ones are checked before they are served.",
    category: "api_check",
    body: { schema: ProxiesText, textPlain: true },
    parameterDescriptions: { proxies_text: "ip:port lines, a JSON list or a CSV with ip and port" },
    success: {
      status: 201,
      description: "What was added, and the addresses refused with their reasons",
      schema: "PremiumImport",
    },
    errors: withBody,
  },
  {
    operationId: "listPremiumEntries",
    method: "get",
    path: "/api/admin/premium/proxies",
    summary: "List the premium pool's entries in every state, with their last check and error (admins).",
    category: "api_read",
    ...listPage(
      PremiumEntriesQuery,
      { state: "pending, live, dead or retired" },
      { description: "A page of the pool's entries", schema: "PremiumEntryPage" },
    ),
    errors: withQuery,
  },
  {
    operationId: "removePremiumProxies",
    method: "delete",
    path: "/api/admin/premium/proxies",
    summary:
      "Remove one entry from the premium pool by its exact host, port and protocol (admins); the three may also be query parameters.",
    category: "api_check",
    body: { schema: PremiumEntryKey, textPlain: false },
    success: { status: 200, description: "The entry was removed", schema: "PremiumRemoval" },
    errors: [...withBody, 404],
  },
]);

const sources = operationGroup({ tag: "Admin", permission: "admin.sources.write", category: "api_read" }, [
  {
    operationId: "listSources",
    method: "get",
    path: "/api/admin/sources",
    summary: "List the verified list's sources with their figures (admins).",
    success: { status: 200, description: "Every source", schema: "SourceList" },
    errors: guarded,
  },
  {
    operationId: "addSource",
    method: "post",
    path: "/api/admin/sources",
    summary: "Add a source of candidates: an http(s) URL fetched every interval_minutes (admins).",
    body: { schema: NewSource, textPlain: false },
    success: { status: 201, description: "The source added", schema: "SourceAnswer" },
    errors: withBody,
  },
  {
    operationId: "removeSource",
    method: "delete",
    path: "/api/admin/sources/{id}",
    summary: "Remove a source (admins).",
    parameterDescriptions: { id: "The source's id, from GET /api/admin/sources" },
    success: { status: 200, description: "The source removed", schema: "SourceAnswer" },
    errors: ofOneRecord,
  },
]);

export const accountAndAdminOperations: PublicOperation[] = [account, ...premiumPool, ...sources];
