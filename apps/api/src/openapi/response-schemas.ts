import {
  type AccountOverview,
  type CheckItemExport,
  itemStatuses,
  jobStatuses,
  type PremiumProxyItem as PremiumProxyItemView,
  type ProxyItem,
  permissions,
  rateCategories,
  type SubmittedCheckJob,
} from "@sieve/core";
import { errorCodes, ProxyProtocol, TargetResult } from "@sieve/vocabulary";
import { z } from "zod";
import { jobProgressFields } from "../routes/job-event-routes.ts";
import {
  PremiumEntriesResponse,
  PremiumImportResponse,
  PremiumRemoveResponse,
} from "../routes/premium-admin-routes.ts";
import {
  PremiumListResponse,
  PremiumProxyItemSchema as PremiumProxyItem,
} from "../routes/premium-proxy-routes.ts";
import { checkItemExitFields, proxyExitFields } from "../routes/proxy-item-fields.ts";
import { SourceView } from "../routes/source-admin-routes.ts";
import type { CheckItemResponse, CheckJobResponse, PremiumChangeResponse } from "./served-shapes.ts";

/*
 * The JSON the public API answers, as zod schemas: the OpenAPI document is generated from them,
 * and the contract tests validate every answer the test suite receives against that document.
 * Each schema is tied to the TypeScript type its route really sends (`Same<…>` below), so a field
 * added to a view in core fails the typecheck here until the schema, and so the document, has it.
 */

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(_proof: Same<A, B>) => undefined;

const timestamp = z.iso.datetime({ offset: true });
const count = z.int().min(0);

export const ApiError = z
  .looseObject({
    error: z.string().meta({ description: "What went wrong, for people; the wording may change." }),
    code: z.enum(errorCodes).meta({ description: "What went wrong, for programs; stable." }),
  })
  .meta({
    description:
      "Every error. Some carry more fields that say more: `parameter` (400 on a query parameter), `retry_after` (429, 503), `category` (429), `invalid_lines` and `invalid_examples` (400 on a list without a valid line), `request_id` (500).",
  });

export const ProxyItemSchema = z.strictObject({
  proxy_norm: z.string().meta({ description: "host:port; IPv6 hosts in brackets" }),
  protocol: z.string(),
  country: z.string().nullable(),
  anonymity: z.string().nullable(),
  latency_ms: count.nullable(),
  uptime_score: z.number().min(0).max(1),
  checked_at: timestamp.nullable(),
  ...proxyExitFields,
});
same<z.infer<typeof ProxyItemSchema>, ProxyItem>(true);

const pageFields = { page: z.int().min(1), limit: z.int().min(1).max(200), total: count };

export const ProxyListPageSchema = z.strictObject({
  ...pageFields,
  refreshed_at: timestamp.nullable().meta({ description: "End of the last completed refresh cycle" }),
  items: z.array(ProxyItemSchema),
});

const InvalidLineExample = z.strictObject({ line: z.int().min(1), text: z.string(), error: z.string() });

export const SubmittedCheckJobSchema = z.strictObject({
  job_id: z.uuid(),
  status: z.enum(jobStatuses),
  total: count,
  invalid_lines: count,
  duplicate_lines: count,
  blocked: count.meta({
    description: "Lines whose target the guard refuses; they are answered `blocked` unchecked",
  }),
  invalid_examples: z.array(InvalidLineExample),
});
same<z.infer<typeof SubmittedCheckJobSchema>, SubmittedCheckJob>(true);

export const CheckJobSchema = z.strictObject({
  job_id: z.uuid(),
  status: z.enum(jobStatuses),
  total: count,
  done: count,
  counts: z.strictObject({
    live: count,
    dead: count,
    blocked: count,
    pending: count.meta({ description: "Items still to check" }),
    unchecked: count.meta({
      description: "Items left without a result when the job ended early (cancelled)",
    }),
  }),
  include_anonymity: z.boolean(),
  invalid_lines: count,
  duplicate_lines: count,
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});
same<z.infer<typeof CheckJobSchema>, CheckJobResponse>(true);

/** What each event of a job's event stream carries. */
export const JobProgressSchema = CheckJobSchema.pick(
  Object.fromEntries(jobProgressFields.map((field) => [field, true])) as Record<
    (typeof jobProgressFields)[number],
    true
  >,
);

export const CheckJobPageSchema = z.strictObject({ ...pageFields, items: z.array(CheckJobSchema) });

export const CheckItemSchema = z.strictObject({
  proxy_norm: z.string(),
  line: z.string().nullable().meta({
    description: "The submitted line as written, password masked; null for jobs older than the field",
  }),
  requested_protocol: ProxyProtocol.nullable().meta({
    description: "The protocol the line named (its scheme); null when every protocol was tried",
  }),
  status: z.enum([...itemStatuses, "pending"]),
  reason: z.string().nullable(),
  protocol: z.string().nullable(),
  protocols: z
    .array(z.string())
    .meta({ description: "Every protocol that worked; `protocol` is the preferred one" }),
  connect_ms: count.nullable(),
  ttfb_ms: count.nullable(),
  total_ms: count.nullable(),
  exit_ip: z.string().nullable(),
  ...checkItemExitFields,
  country: z.string().nullable(),
  anonymity: z.string().nullable(),
  targets: z.array(TargetResult).meta({
    description:
      "Each of the job's targets requested through this proxy, in the job's order; empty when the job has none or the proxy is not live",
  }),
  checked_at: timestamp.nullable(),
});
same<z.infer<typeof CheckItemSchema>, CheckItemResponse>(true);

export const CheckItemExportSchema = CheckItemSchema.extend({
  proxy: z.string().meta({ description: "The proxy as submitted, credentials included (the owner's own)" }),
});
same<z.infer<typeof CheckItemExportSchema>, CheckItemExport>(true);

export const CheckItemPageSchema = z.strictObject({ ...pageFields, items: z.array(CheckItemSchema) });

export const CancelledJobSchema = z.strictObject({
  job_id: z.uuid(),
  status: z
    .enum(jobStatuses)
    .meta({ description: "`cancelled`, or the final state the job had already reached" }),
});

// The admin and premium routes declare their answers beside themselves; answers allow no extra field.
export const PremiumImportSchema = PremiumImportResponse.strict();
same<z.infer<typeof PremiumImportSchema>, PremiumChangeResponse>(true);
export const PremiumRemovalSchema = PremiumRemoveResponse.strict();
export const PremiumEntryPageSchema = PremiumEntriesResponse.strict();
export const PremiumProxyItemSchema = PremiumProxyItem.strict();
same<z.infer<typeof PremiumProxyItemSchema>, PremiumProxyItemView>(true);
export const PremiumProxyPageSchema = PremiumListResponse.extend({
  items: z.array(PremiumProxyItemSchema),
}).strict();
export const SourceSchema = SourceView.strict();
export const SourceListSchema = z.strictObject({ items: z.array(SourceSchema) });
export const SourceAnswerSchema = z.strictObject({ source: SourceSchema });

export const AccountSchema = z.strictObject({
  account_id: z.string(),
  email: z.string(),
  role: z.string(),
  tier: z.enum(["free", "premium"]),
  status: z.enum(["active", "suspended"]),
  premium_until: timestamp.nullable(),
  permissions: z.array(z.enum(permissions)),
  rate_limits: z.array(
    z.strictObject({
      category: z.enum(rateCategories),
      limit: count.meta({ description: "Requests allowed per window for this account's tier" }),
      window_seconds: z.int().min(1),
      remaining: count,
      reset_at: timestamp.meta({ description: "When the window's count starts again" }),
    }),
  ),
  webhook_secret: z.string().meta({
    description:
      "The key that signs this account's webhook calls: `Sieve-Signature` is `v1=` and the hex HMAC-SHA256 of `{Sieve-Timestamp}.{body}` under it. Rolled in the dashboard.",
  }),
});
same<z.infer<typeof AccountSchema>, AccountOverview>(true);

/** Every schema that becomes a named component of the document, by its name there. */
export const componentSchemas = {
  Error: ApiError,
  ProxyItem: ProxyItemSchema,
  ProxyListPage: ProxyListPageSchema,
  SubmittedCheckJob: SubmittedCheckJobSchema,
  CheckJob: CheckJobSchema,
  CheckJobPage: CheckJobPageSchema,
  JobProgress: JobProgressSchema,
  CheckItem: CheckItemSchema,
  CheckItemPage: CheckItemPageSchema,
  CheckItemExport: CheckItemExportSchema,
  CancelledJob: CancelledJobSchema,
  PremiumImport: PremiumImportSchema,
  PremiumRemoval: PremiumRemovalSchema,
  PremiumEntryPage: PremiumEntryPageSchema,
  PremiumProxyItem: PremiumProxyItemSchema,
  PremiumProxyPage: PremiumProxyPageSchema,
  Source: SourceSchema,
  SourceList: SourceListSchema,
  SourceAnswer: SourceAnswerSchema,
  Account: AccountSchema,
} as const;
export type ComponentName = keyof typeof componentSchemas;
