import type { Permission, RateCategory } from "@sieve/core";
import type { z } from "zod";
import type { ErrorStatus } from "./error-sets.ts";
import { pagination } from "./parameter-descriptions.ts";
import type { ComponentName } from "./response-schemas.ts";

/*
 * What the document says about one route of the public API beyond its schemas. The schemas themselves are the ones the routes validate with
 * (imported from the routes) and the ones their answers are checked against (response-schemas.ts).
 */

export interface PublicOperation {
  operationId: string;
  method: "get" | "post" | "delete";
  /** Relative to the base URL `/api/v1`, in OpenAPI's `{param}` form. */
  path: string;
  tag: "Proxies" | "Check jobs" | "Account" | "Admin";
  summary: string;
  description?: string;
  permission: Permission;
  /** The quota the call spends; null: none. */
  category: RateCategory | null;
  requiresPremium?: boolean;
  query?: z.ZodObject;
  parameterDescriptions?: Record<string, string>;
  /** A JSON body; `textPlain` also takes the proxy list itself as a text/plain body. */
  body?: { schema: z.ZodType; textPlain: boolean };
  success: {
    status: 200 | 201 | 202;
    description: string;
    /** A JSON body of this component. */
    schema?: ComponentName;
    /** A file: text, CSV, or a JSON array of this component. */
    file?: ComponentName;
    /** Server-Sent Events whose `data` is this component; a 204 when the stream has ended. */
    events?: ComponentName;
    example?: unknown;
  };
  errors: ErrorStatus[];
  curl?: string;
  /** A GET the docs page can send with the reader's own key. */
  tryPath?: string;
}

/** A curl sample: the command, then the line that sends the reader's key, then any further lines. */
export function curlWithKey(command: string, ...moreLines: string[]): string {
  return [command, '  -H "Authorization: Bearer pk_live_YOUR_KEY"', ...moreLines].join(" \\\n");
}

/** A row of a route group's table: what its group's defaults do not already say. */
export type OperationRow<Defaults extends Partial<PublicOperation>> = Omit<PublicOperation, keyof Defaults> &
  Partial<PublicOperation>;

/** The routes of one group, each row spread over the group's defaults (a row may override one). */
export function operationGroup<Defaults extends Partial<PublicOperation>>(
  defaults: Defaults,
  rows: OperationRow<Defaults>[],
): PublicOperation[] {
  return rows.map((row) => ({ ...defaults, ...row }) as PublicOperation);
}

/**
 * What a GET of one page of a list says besides its name: the query it filters by, each filter
 * described beside the paging parameters, and the page it answers with.
 */
export function listPage(
  query: z.ZodObject,
  filterDescriptions: Record<string, string>,
  answer: { description: string; schema: ComponentName; example?: unknown },
): Pick<PublicOperation, "query" | "parameterDescriptions" | "success"> {
  return {
    query,
    parameterDescriptions: { ...filterDescriptions, ...pagination },
    success: { status: 200, ...answer },
  };
}
