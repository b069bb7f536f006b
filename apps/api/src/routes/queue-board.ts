import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queues } from "@sieve/core";
import { type Request, type Response, Router } from "express";
import type { Guard } from "../http/guard.ts";
import { bodyParsers } from "../http/request-body.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

/**
 * Bull Board over every queue, for admin accounts only: a signed-in admin's dashboard session,
 * or HTTP Basic auth with any user name and the API key as password.
 */
export function queueBoard(deps: {
  guard: Guard;
  queues: Queues;
  viaSession?: (req: Request, res: Response) => Promise<boolean>;
}): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Sieve queues" } },
  });
  const router = Router();
  const keyGuard = deps.guard({
    permission: "admin.queues.read",
    category: "api_read",
    allowBasicAuth: true,
  });
  router.use(
    QUEUE_BOARD_PATH,
    async (req, res, next) => {
      // An admin's session opens it without spending any key's quota; otherwise the key decides.
      if (deps.viaSession && (await deps.viaSession(req, res))) return next();
      return keyGuard(req, res, next);
    },
    // Our parsers read the body first, so a bad one gets Sieve's JSON error rather than Bull Board's.
    ...bodyParsers,
    serverAdapter.getRouter(),
  );
  return router;
}
