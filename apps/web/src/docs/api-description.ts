/**
 * The public API as the documentation page shows it, read from the OpenAPI document the API
 * serves (`/api/v1/openapi.json`, generated from the route schemas), so the page and the API
 * cannot disagree. Examples use documentation addresses and `{base}` for the base URL.
 */

export const OPENAPI_URL = "/api/v1/openapi.json";

export interface ParameterDoc {
  name: string;
  type: string;
  description: string;
}

export interface EndpointDoc {
  id: string;
  method: string;
  path: string;
  summary: string;
  permission: string;
  category: string;
  parameters: ParameterDoc[];
  curl?: string;
  response?: string;
  /** A GET the page can send with the reader's own key, relative to the base URL. */
  tryPath?: string;
}

export interface RateLimitDoc {
  category: string;
  appliesTo: string;
  free: string;
  premium: string;
}

export interface ErrorDoc {
  status: string;
  meaning: string;
}

export interface ErrorCodeDoc {
  code: string;
  status: number;
  meaning: string;
}

export interface ApiDescription {
  endpoints: EndpointDoc[];
  rateLimits: RateLimitDoc[];
  errors: ErrorDoc[];
  errorCodes: ErrorCodeDoc[];
  workflow: string;
}

interface SchemaLike {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  properties?: Record<string, SchemaLike>;
}

interface OperationLike {
  operationId: string;
  summary: string;
  parameters?: { name: string; in: string; description?: string; schema?: SchemaLike }[];
  requestBody?: { content: Record<string, { schema?: SchemaLike }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
  "x-permission": string;
  "x-rate-limit-category": string | null;
  "x-codeSamples"?: { source: string }[];
  "x-try-path"?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationLike>>;
  components: { responses: Record<string, { description: string }> };
  "x-rate-limits": { category: string; applies_to: string; free_text: string; premium_text: string }[];
  "x-error-codes": ErrorCodeDoc[];
  "x-workflow": string;
}

const typeNames: Record<string, string> = {
  integer: "int",
  number: "float",
  boolean: "bool",
  string: "string",
};

function typeOf(schema: SchemaLike | undefined): string {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  return typeNames[type ?? ""] ?? type ?? "";
}

function parametersOf(operation: OperationLike): ParameterDoc[] {
  const query = (operation.parameters ?? [])
    .filter((parameter) => parameter.in === "query")
    .map((parameter) => ({
      name: parameter.name,
      type: typeOf(parameter.schema),
      description: parameter.description ?? "",
    }));
  const body = operation.requestBody?.content["application/json"]?.schema?.properties ?? {};
  const fields = Object.entries(body).map(([name, schema]) => ({
    name,
    type: typeOf(schema),
    description: schema.description ?? "",
  }));
  return [...query, ...fields];
}

function exampleOf(operation: OperationLike): string | undefined {
  for (const [status, response] of Object.entries(operation.responses)) {
    const example = status.startsWith("2") ? response.content?.["application/json"]?.example : undefined;
    if (example !== undefined) return JSON.stringify(example, null, 2);
  }
  return undefined;
}

/** The page's view of the document. */
export function describeApi(document: OpenApiDocument): ApiDescription {
  const endpoints = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]): EndpointDoc => {
      const curl = operation["x-codeSamples"]?.[0]?.source;
      const response = exampleOf(operation);
      return {
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        permission: operation["x-permission"],
        category: operation["x-rate-limit-category"] ?? "none",
        parameters: parametersOf(operation),
        ...(curl ? { curl } : {}),
        ...(response ? { response } : {}),
        ...(operation["x-try-path"] ? { tryPath: operation["x-try-path"] } : {}),
      };
    }),
  );
  const errors = Object.entries(document.components.responses).map(([name, response]) => ({
    status: name.replace(/^Error/, "").replace(/^500$/, "5xx"),
    meaning: response.description,
  }));
  return {
    endpoints,
    rateLimits: document["x-rate-limits"].map((row) => ({
      category: row.category,
      appliesTo: row.applies_to,
      free: row.free_text,
      premium: row.premium_text,
    })),
    errors,
    errorCodes: document["x-error-codes"],
    workflow: document["x-workflow"],
  };
}

export async function loadApiDescription(): Promise<ApiDescription> {
  const response = await fetch(OPENAPI_URL);
  if (!response.ok) throw new Error(`the API description could not be loaded (status ${response.status})`);
  return describeApi((await response.json()) as OpenApiDocument);
}

/** Puts this deployment's base URL into an example. */
export function withBase(example: string, base: string): string {
  return example.replaceAll("{base}", base);
}
