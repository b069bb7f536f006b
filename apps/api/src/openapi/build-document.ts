import { errorCodes } from "@sieve/vocabulary";
import { z } from "zod";
import { ApiConfig } from "../config.ts";
import { statusOf } from "../http/error-handler.ts";
import { BODY_LIMIT_TEXT } from "../http/request-body.ts";
import { errorMeanings, infoDescription, rateLimitRows, statusMeanings, workflow } from "./document-text.ts";
import type { ErrorStatus } from "./error-sets.ts";
import type { PublicOperation } from "./public-operation.ts";
import { publicOperations } from "./public-operations.ts";
import { type ComponentName, componentSchemas } from "./response-schemas.ts";

type JsonObject = Record<string, unknown>;

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const SAFE_INTEGER = 9_007_199_254_740_991;

/** JSON Schema without the keys that only make sense at a document's root, and without `±2^53` bounds. */
function tidy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tidy);
  if (!schema || typeof schema !== "object") return schema;
  const out: JsonObject = {};
  const formatted = "format" in schema && ["date-time", "uuid"].includes(String(schema.format));
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "$id") continue;
    // zod spells these formats out as long patterns too; the format says it for readers and ajv alike.
    if (key === "pattern" && formatted) continue;
    if ((key === "minimum" || key === "maximum") && Math.abs(value as number) === SAFE_INTEGER) continue;
    out[key] = tidy(value);
  }
  return out;
}

function componentsFromZod(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(componentSchemas)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return tidy(schemas) as Record<string, unknown>;
}

/**
 * A query parameter's schema as the value the route works with (a whole number with its bounds)
 * where zod can say it, else as the text it accepts (a pattern).
 */
function parameterSchema(field: z.ZodType): unknown {
  const input = tidy(z.toJSONSchema(field, { io: "input", unrepresentable: "any" })) as JsonObject;
  const output = tidy(z.toJSONSchema(field, { io: "output", unrepresentable: "any" })) as JsonObject;
  if (!output.type && !output.enum) return input;
  // Digits only on the way in: a whole number, whatever zod calls it on the way out.
  if (input.pattern === "^\\d+$" && output.type === "number") output.type = "integer";
  return output;
}

function parametersOf(operation: PublicOperation): unknown[] {
  const path = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    description:
      operation.parameterDescriptions?.[name ?? ""] ?? "The job's id, from POST /api/check or GET /api/jobs",
    schema: { type: "string", format: "uuid" },
  }));
  const shape = (operation.query?.shape ?? {}) as Record<string, z.ZodType>;
  const query = Object.entries(shape).map(([name, field]) => ({
    name,
    in: "query",
    required: !field.safeParse(undefined).success,
    ...(operation.parameterDescriptions?.[name]
      ? { description: operation.parameterDescriptions[name] }
      : {}),
    schema: parameterSchema(field),
  }));
  return [...path, ...query];
}

function requestBodyOf(operation: PublicOperation): JsonObject | undefined {
  if (!operation.body) return undefined;
  const schema = tidy(z.toJSONSchema(operation.body.schema, { io: "input" })) as JsonObject;
  const properties = schema.properties as Record<string, JsonObject> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const description = operation.parameterDescriptions?.[name];
    if (description) property.description = description;
  }
  return {
    required: true,
    description: `At most ${BODY_LIMIT_TEXT}; gzip, deflate and br Content-Encoding are taken.`,
    content: {
      "application/json": { schema },
      ...(operation.body.textPlain
        ? { "text/plain": { schema: { type: "string", description: "The proxy list itself" } } }
        : {}),
    },
  };
}

const rateLimitHeaders = {
  RateLimit: { $ref: "#/components/headers/RateLimit" },
  "RateLimit-Policy": { $ref: "#/components/headers/RateLimit-Policy" },
};

function successOf(operation: PublicOperation): JsonObject {
  const { success } = operation;
  const headers = operation.category ? rateLimitHeaders : {};
  const content = success.events
    ? {
        "text/event-stream": {
          schema: { type: "string", description: "Server-Sent Events" },
          "x-event-data": componentRef(success.events),
        },
      }
    : success.schema
      ? {
          "application/json": {
            schema: componentRef(success.schema),
            ...(success.example ? { example: success.example } : {}),
          },
        }
      : {
          "text/plain": { schema: { type: "string", description: "One proxy per line" } },
          "text/csv": { schema: { type: "string", description: "A header line, then one row per item" } },
          "application/json": {
            schema: { type: "array", items: componentRef(success.file as ComponentName) },
          },
        };
  return {
    description: success.description,
    headers: {
      ...headers,
      ...(success.file ? { "Content-Disposition": { schema: { type: "string" } } } : {}),
    },
    content,
  };
}

function responsesOf(operation: PublicOperation): JsonObject {
  const errors = Object.fromEntries(
    [...operation.errors, 500].map((status) => [
      String(status),
      { $ref: `#/components/responses/Error${status}` },
    ]),
  );
  const ended = operation.success.events
    ? { "204": { description: "The stream had already ended at the event named by Last-Event-ID" } }
    : {};
  return { [String(operation.success.status)]: successOf(operation), ...ended, ...errors };
}

function operationObject(operation: PublicOperation): JsonObject {
  const parameters = parametersOf(operation);
  const requestBody = requestBodyOf(operation);
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(operation),
    "x-permission": operation.permission,
    "x-rate-limit-category": operation.category,
    ...(operation.requiresPremium ? { "x-requires-premium": true } : {}),
    ...(operation.curl ? { "x-codeSamples": [{ lang: "curl", label: "curl", source: operation.curl }] } : {}),
    ...(operation.tryPath ? { "x-try-path": operation.tryPath } : {}),
  };
}

function errorResponses(): JsonObject {
  const statuses = [...new Set<number>([...publicOperations.flatMap((op) => op.errors), 500])].sort();
  return Object.fromEntries(
    statuses.map((status) => {
      const codes = errorCodes.filter((code) => statusOf[code] === status);
      const retry = status === 429 || status === 503;
      return [
        `Error${status}`,
        {
          description: statusMeanings[status as ErrorStatus | 500],
          ...(retry ? { headers: { "Retry-After": { $ref: "#/components/headers/Retry-After" } } } : {}),
          content: {
            "application/json": {
              schema: {
                allOf: [componentRef("Error"), { properties: { code: { enum: codes } } }],
              },
            },
          },
        },
      ];
    }),
  );
}

function defaultRateLimits() {
  const defaults = ApiConfig.pick({
    RATE_LIMIT_API_READ_FREE: true,
    RATE_LIMIT_API_READ_PREMIUM: true,
    RATE_LIMIT_API_CHECK_FREE: true,
    RATE_LIMIT_API_CHECK_PREMIUM: true,
    RATE_LIMIT_API_EXPORT_FREE: true,
    RATE_LIMIT_API_EXPORT_PREMIUM: true,
  }).parse({});
  return rateLimitRows(defaults);
}

/** The OpenAPI 3.1 document of the public API, the same on every deployment (`servers` is relative). */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of publicOperations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  return {
    openapi: "3.1.1",
    info: { title: "Sieve API", version: "1.0.0", description: infoDescription },
    servers: [{ url: "/api/v1", description: "This deployment" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Proxies", description: "The verified lists" },
      { name: "Check jobs", description: "Checking your own proxies" },
      { name: "Account", description: "Your account and quotas" },
      { name: "Admin", description: "Operators' endpoints (admin role)" },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "pk_live_…",
          description:
            "Every request must include your API key as a Bearer token. Keys start with pk_live_ and are tied to your account's role and permissions.",
        },
      },
      schemas: componentsFromZod(),
      responses: errorResponses(),
      headers: {
        RateLimit: {
          required: true,
          description:
            'What is left of the quota this request counted against (draft-ietf-httpapi-ratelimit-headers): `"api_read";r=59;t=41` is 59 requests left, reset in 41 s. GET /api/account lists every category.',
          schema: { type: "string" },
        },
        "RateLimit-Policy": {
          required: true,
          description: 'The quota itself: `"api_read";q=60;w=60` is 60 requests per 60 s window.',
          schema: { type: "string" },
        },
        "Retry-After": {
          description:
            "Seconds to wait before retrying: on every 503 and every 429 (a spent quota, an address limit, the export slots, the daily host cap, or too many items in flight, which clears as the account's jobs finish)",
          schema: { type: "integer", minimum: 1 },
        },
      },
    },
    "x-rate-limits": defaultRateLimits(),
    "x-error-codes": errorCodes
      .filter((code) => code !== "conflict")
      .map((code) => ({ code, status: statusOf[code], meaning: errorMeanings[code] })),
    "x-workflow": workflow,
  };
}
