import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queues } from "@sieve/core";
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { Guard } from "../http/guard.ts";
import { bodyParsers } from "../http/request-body.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

const EXTERNAL_STYLESHEET = /<link[^>]+href="https?:\/\/[^"]*"[^>]*rel="stylesheet"[^>]*>/g;

/**
 * Bull Board's page links its fonts from fonts.googleapis.com; nothing Sieve serves loads from
 * another host, so the link is dropped and the board falls back to the system's fonts.
 */
const withoutExternalFonts: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) =>
    send(
      typeof body === "string" && body.startsWith("<!DOCTYPE html>")
        ? body.replace(EXTERNAL_STYLESHEET, "")
        : body,
    );
  next();
};

/**
 * Bull Board over every queue, for admin accounts only: a signed-in admin's dashboard session,
 * or HTTP Basic auth with any user name and the API key as password.
 */
export function queueBoard(deps: {
  guard: Guard;
  queues: Queues;
  /** Retry, promote, clean and the like; off unless an operator turns them on. */
  actions?: boolean;
  viaSession?: (req: Request, res: Response) => Promise<boolean>;
}): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all.map((queue) => new BullMQAdapter(queue, { readOnlyMode: !deps.actions })),
    serverAdapter,
    // Without a language named, a browser whose locale has no bundle shows raw keys (MENU.QUEUES).
    options: { uiConfig: { boardTitle: "Sieve queues", locale: { lng: "en-US" } } },
  });
  const router = Router();
  // One page load is about twenty requests: the board spends no API quota (the address limit holds).
  const keyGuard = deps.guard({
    permission: "admin.queues.read",
    category: null,
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
    withoutExternalFonts,
    serverAdapter.getRouter(),
  );
  return router;
}
