import { serveHttpOnLoopback, test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { createSieveClient } from "../src/index.ts";

// The hanging target is on loopback, which the guard refuses unless told otherwise.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

// A stand-in API (`serveHttpOnLoopback`) whose job routes answer with these.
const sseEvent = (id: string, event: string, data: unknown) =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const progressOf = (status: string, done: number) => ({
  job_id: "00000000-0000-4000-8000-000000000001",
  status,
  total: 2,
  done,
  counts: { live: done, dead: 0, blocked: 0, pending: 2 - done, unchecked: 0 },
  started_at: "2026-06-10T08:00:00.000Z",
  finished_at: status === "completed" ? "2026-06-10T08:00:05.000Z" : null,
});
const jobRecord = (status: string, done: number) => ({
  ...progressOf(status, done),
  include_anonymity: false,
  invalid_lines: 0,
  duplicate_lines: 0,
  created_at: "2026-06-10T08:00:00.000Z",
});

const JOB_PATH = "/api/jobs/00000000-0000-4000-8000-000000000001";

describe("waitForJob over the job's event stream", () => {
  test("follows a slow job on the running API through its events route, each event to onProgress", async ({
    api,
    owner,
    hanging,
    worker: _worker,
  }) => {
    const requested: string[] = [];
    const client = createSieveClient({
      baseUrl: `${api.url}/api/v1`,
      apiKey: owner.key,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        requested.push(input instanceof Request ? `${input.method} ${input.url}` : `GET ${String(input)}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    // One line answered blocked at once, one that hangs until the probe gives up: the job runs a while.
    const submitted = await client.submitCheck(`192.0.2.7:8080\n127.0.0.1:${hanging.port}`);
    const seen: { status: string; done: number }[] = [];
    const finished = await client.waitForJob(submitted.job_id, {
      onProgress: (progress) => seen.push({ status: progress.status, done: progress.done }),
    });
    expect(finished).toMatchObject({ status: "completed", done: 2, counts: { blocked: 1, dead: 1 } });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(0)?.status).not.toBe("completed");
    expect(seen.at(-1)).toEqual({ status: "completed", done: 2 });
    const jobUrl = `${api.url}/api/v1/api/jobs/${submitted.job_id}`;
    // One stream, then the job's full record once: no polling.
    expect(requested.filter((line) => line.includes(jobUrl))).toEqual([
      `GET ${jobUrl}/events`,
      `GET ${jobUrl}`,
    ]);
  });

  test("resumes a dropped stream with Last-Event-ID and hears only what is newer", async () => {
    const lastEventIds: (string | undefined)[] = [];
    const api = await serveHttpOnLoopback((req, res) => {
      if (req.url === `/api/v1${JOB_PATH}/events`) {
        lastEventIds.push(req.headers["last-event-id"] as string | undefined);
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        if (lastEventIds.length === 1) {
          // One event, then the connection drops mid-stream.
          res.write(`retry: 10\n\n${sseEvent("m1", "progress", progressOf("running", 1))}`);
          setTimeout(() => res.socket?.destroy(), 50);
          return;
        }
        res.end(sseEvent("m2", "end", progressOf("completed", 2)));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(jobRecord("completed", 2)));
    });
    try {
      const client = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: "pk_live_x" });
      const seen: number[] = [];
      const finished = await client.waitForJob("00000000-0000-4000-8000-000000000001", {
        onProgress: (progress) => seen.push(progress.done),
      });
      expect(finished).toMatchObject({ status: "completed", done: 2 });
      expect(lastEventIds).toEqual([undefined, "m1"]);
      expect(seen).toEqual([1, 2]);
    } finally {
      await api.close();
    }
  });

  test("an onProgress that throws rejects the wait with its error, without reopening the stream", async () => {
    let streams = 0;
    const api = await serveHttpOnLoopback((_req, res) => {
      streams += 1;
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(sseEvent("m1", "progress", progressOf("running", 1)));
    });
    try {
      const client = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: "pk_live_x" });
      const waiting = client.waitForJob("00000000-0000-4000-8000-000000000001", {
        onProgress: () => {
          throw new Error("the caller's own failure");
        },
      });
      await expect(waiting).rejects.toThrow("the caller's own failure");
      expect(streams).toBe(1);
    } finally {
      await api.close();
    }
  });

  test("polls when the stream cannot be opened", async () => {
    let polls = 0;
    const api = await serveHttpOnLoopback((req, res) => {
      if (req.url === `/api/v1${JOB_PATH}/events`) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: "not found", code: "not_found" }));
        return;
      }
      polls += 1;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(polls < 3 ? jobRecord("running", polls - 1) : jobRecord("completed", 2)));
    });
    try {
      const client = createSieveClient({ baseUrl: `${api.url}/api/v1`, apiKey: "pk_live_x" });
      const seen: number[] = [];
      const finished = await client.waitForJob("00000000-0000-4000-8000-000000000001", {
        intervalMs: 10,
        onProgress: (progress) => seen.push(progress.done),
      });
      expect(finished).toMatchObject({ status: "completed", done: 2 });
      expect(seen).toEqual([0, 1, 2]);
      expect(polls).toBe(3);
    } finally {
      await api.close();
    }
  });
});
