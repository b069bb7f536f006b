import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queues } from "@sieve/core";
import { Router } from "express";
import type { Guard } from "../http/guard.ts";
import { bodyParsers } from "../http/request-body.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

/**
 * Bull Board over every queue, for admin accounts only. Browsers sign in with HTTP Basic auth,
 * any user name and the API key as password.
 */
export function queueBoard(deps: { guard: Guard; queues: Queues }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Sieve queues" } },
  });
  const router = Router();
  router.use(
    QUEUE_BOARD_PATH,
    deps.guard({ permission: "admin.queues.read", category: "api_read", allowBasicAuth: true }),
    // Our parsers read the body first, so a bad one gets Sieve's JSON error rather than Bull Board's.
    ...bodyParsers,
    serverAdapter.getRouter(),
  );
  return router;
}
