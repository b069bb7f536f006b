import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { buildOpenApiDocument } from "@sieve/api/src/openapi/build-document.ts";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/*
 * Holds the API to its OpenAPI document: every answer of the public API a test receives is
 * checked against the response the document promises for its route and status, so every test
 * that calls the API is a contract test too.
 */

const DOCUMENT_ID = "urn:sieve:openapi";
const PUBLIC_PREFIX = "/api/v1";
/** Bodies past this size (big exports) are checked by status and media type only. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// The document is plain JSON walked by key; its shape is OpenAPI's, checked by ajv, not by the compiler.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

export interface ObservedResponse {
  method: string;
  /** The request path with its query. */
  url: string;
  status: number;
  headers: Record<string, string | undefined>;
  /** undefined when the body was too large to keep. */
  body: string | undefined;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export function createContractChecker(document: Json = buildOpenApiDocument()) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  const routes = Object.keys(document.paths as Json).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`),
  }));
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorAt = (location: string) => {
    let validate = compiled.get(location);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${location}` });
      compiled.set(location, validate);
    }
    return validate;
  };

  /** What is wrong with one answer, or nothing. */
  return function problemsOf(response: ObservedResponse): string[] {
    const path = new URL(response.url, "http://x").pathname;
    if (!path.startsWith(`${PUBLIC_PREFIX}/`)) return [];
    const relative = path.slice(PUBLIC_PREFIX.length);
    const where = `${response.method} ${path} → ${response.status}`;
    if (relative === "/openapi.json") return [];
    if (!relative.startsWith("/api/")) return [];
    const route = routes.find((r) => r.pattern.test(relative));
    const operation = route ? (document.paths[route.path][response.method.toLowerCase()] as Json) : undefined;
    if (!route || !operation) {
      // Not a route of the API: the only right answer is the error for no such route.
      if (response.method === "HEAD" || response.method === "OPTIONS") return [];
      if (response.status !== 404) return [`${where}: the document has no such operation`];
      return checkBody(where, "components/schemas/Error", response);
    }
    let location = pointer(
      "paths",
      route.path,
      response.method.toLowerCase(),
      "responses",
      String(response.status),
    );
    let documented = operation.responses[String(response.status)] as Json | undefined;
    if (!documented)
      return [`${where}: status ${response.status} is not documented for ${operation.operationId}`];
    if (documented.$ref) {
      location = String(documented.$ref).slice(2);
      documented = resolve(document, location);
    }
    const problems: string[] = [];
    for (const [header, described] of Object.entries(documented.headers ?? {}) as [string, Json][]) {
      const required = described.$ref
        ? resolve(document, String(described.$ref).slice(2)).required
        : described.required;
      if (required && response.headers[header.toLowerCase()] === undefined) {
        problems.push(`${where}: header ${header} is missing`);
      }
    }
    const mediaType = response.headers["content-type"]?.split(";")[0]?.trim();
    if (response.method === "HEAD") return problems;
    if (!documented.content && !mediaType && !response.body) return problems;
    if (!mediaType) return [...problems, `${where}: no Content-Type`];
    if (!documented.content?.[mediaType]) {
      return [...problems, `${where}: ${mediaType} is not a documented media type`];
    }
    if (mediaType === "text/event-stream") {
      return [
        ...problems,
        ...checkEvents(where, `${location}/${pointer("content", mediaType, "x-event-data")}`, response),
      ];
    }
    if (mediaType !== "application/json") return problems;
    return [
      ...problems,
      ...checkBody(where, `${location}/${pointer("content", mediaType, "schema")}`, response),
    ];
  };

  /** Each event's `data` of a Server-Sent Events body against the documented event schema. */
  function checkEvents(where: string, location: string, response: ObservedResponse): string[] {
    if (response.body === undefined) return [];
    const validate = validatorAt(location);
    const problems: string[] = [];
    for (const line of response.body.split("\n")) {
      if (!line.startsWith("data: ")) continue;
      let data: unknown;
      try {
        data = JSON.parse(line.slice("data: ".length));
      } catch {
        problems.push(`${where}: an event's data is not JSON`);
        continue;
      }
      if (!validate(data))
        problems.push(`${where}: event ${ajv.errorsText(validate.errors)} in ${line.slice(0, 300)}`);
    }
    return problems;
  }

  function checkBody(where: string, location: string, response: ObservedResponse): string[] {
    if (response.body === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
    const validate = validatorAt(location);
    if (validate(body)) return [];
    return [`${where}: ${ajv.errorsText(validate.errors)} in ${response.body.slice(0, 300)}`];
  }
}

function resolve(document: Json, location: string): Json {
  return location
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node: Json, part) => node?.[part], document);
}

export type ContractChecker = ReturnType<typeof createContractChecker>;

/**
 * Watches every answer `server` sends and records what the contract checker finds wrong with it.
 * Installed before the app's own handler, so it sees the bytes Express writes.
 */
export function watchContract(server: Server, check: ContractChecker = createContractChecker()) {
  const violations: string[] = [];
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let kept = true;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (!kept || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_BODY_BYTES) {
        kept = false;
        chunks.length = 0;
      } else chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    res.once("finish", () => {
      const headers = Object.fromEntries(
        Object.entries(res.getHeaders()).map(([name, value]) => [
          name,
          value === undefined ? undefined : String(value),
        ]),
      );
      try {
        violations.push(
          ...check({
            method: req.method ?? "GET",
            url: req.url ?? "/",
            status: res.statusCode,
            headers,
            body: kept ? Buffer.concat(chunks).toString("utf8") : undefined,
          }),
        );
      } catch (error) {
        violations.push(`${req.method} ${req.url}: the checker failed: ${(error as Error).message}`);
      }
    });
  });
  return violations;
}
