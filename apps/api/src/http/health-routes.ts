import { type Health, readinessResponse } from "@sieve/core";
import express, { type Router } from "express";

/**
 * `/livez`: the process answers. `/readyz`: PostgreSQL and Redis answer within a second, the pool
 * gives a connection, and the process is not draining after SIGTERM; otherwise 503 naming what
 * failed. `/healthz` stays the fixed answer it always was.
 */
export function healthRoutes(health: Health | undefined): Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/livez", (_req, res) => {
    res.json({ status: "ok" });
  });
  if (health) {
    router.get("/readyz", async (_req, res) => {
      const answer = readinessResponse(await health.readiness());
      res.status(answer.status).type(answer.contentType).send(answer.body);
    });
  }
  return router;
}
