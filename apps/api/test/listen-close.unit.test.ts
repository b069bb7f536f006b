import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import express from "express";
import { describe, expect, it } from "vitest";
import { listen } from "../src/listen.ts";

/** Resolves once the app has a request in hand, so a test closes the server mid-request, not before it. */
let arrived: () => void = () => {};
const requestArrives = () =>
  new Promise<void>((resolve) => {
    arrived = resolve;
  });

function slowApp(delayMs: number) {
  const app = express();
  app.get("/slow", async (_req, res) => {
    arrived();
    await sleep(delayMs);
    res.send("done");
  });
  app.get("/never", () => {});
  return app;
}

function get(port: number, path: string, agent: Agent) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

describe("listen().close()", () => {
  it("finishes a keep-alive request in flight, answers it with Connection: close and resolves", async () => {
    // A deadline past the test's timeout: close() must resolve because the request finished.
    const server = await listen(slowApp(300), 0, "127.0.0.1", { drainMs: 60_000 });
    const agent = new Agent({ keepAlive: true });
    const inHand = requestArrives();
    const answer = get(server.port, "/slow", agent);
    await inHand;
    await server.close();
    expect(await answer).toEqual({ status: 200, connection: "close", body: "done" });
    agent.destroy();
  });

  it("closes connections still busy when the drain deadline passes", async () => {
    const server = await listen(slowApp(0), 0, "127.0.0.1", { drainMs: 200 });
    const agent = new Agent({ keepAlive: true });
    const answer = get(server.port, "/never", agent);
    await sleep(50);
    await server.close();
    await expect(answer).rejects.toThrow();
    agent.destroy();
  });

  it("is safe to call twice", async () => {
    const server = await listen(slowApp(0), 0, "127.0.0.1");
    await Promise.all([server.close(), server.close()]);
  });
});
