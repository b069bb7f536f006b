import { Router } from "express";
import { buildOpenApiDocument } from "./build-document.ts";

export const OPENAPI_PATH = "/api/v1/openapi.json";

/** The OpenAPI document, built once, for anyone: it holds nothing an account owns. */
export function openApiRoute(): Router {
  const router = Router();
  const body = JSON.stringify(buildOpenApiDocument(), null, 2);
  router.get(OPENAPI_PATH, (_req, res) => {
    res.set("Cache-Control", "public, max-age=300");
    res.type("json").send(body);
  });
  return router;
}
