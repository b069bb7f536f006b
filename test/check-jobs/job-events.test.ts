import { createTestAccount, freePort, jsonBody, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

interface ServerEvent {
  id: string;
  event: string;
  data: { status: string; done: number; total: number; counts: Record<string, number> };
}

/** Reads a Server-Sent Events stream until the server ends it, or `stopAfter` events came. */
async function readEvents(response: Response, stopAfter = Number.POSITIVE_INFINITY) {
  const events: ServerEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let ended = false;
  while (events.length < stopAfter) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    text += value;
    let boundary = text.indexOf("\n\n");
    while (boundary >= 0 && events.length < stopAfter) {
      const block = text.slice(0, boundary);
      text = text.slice(boundary + 2);
      const fields = Object.fromEntries(
        block
          .split("\n")
          .filter((line) => line && !line.startsWith(":"))
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
      );
      if (fields.data) {
        events.push({ id: fields.id ?? "", event: fields.event ?? "message", data: JSON.parse(fields.data) });
      }
      boundary = text.indexOf("\n\n");
    }
  }
  if (!ended) await reader.cancel();
  return { events, ended };
}

function openEvents(api: TestApi, key: string, jobId: string, lastEventId?: string) {
  return fetch(`${api.url}/api/v1/api/jobs/${jobId}/events`, {
    headers: {
      Authorization: `Bearer ${key}`,
      Accept: "text/event-stream",
      ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}),
    },
  });
}

const mark = (id: string) => id.split(".").map(Number) as [number, number];
const isAfter = (id: string, earlier: string) => {
  const [done, phase] = mark(id);
  const [seenDone, seenPhase] = mark(earlier);
  return done > seenDone || (done === seenDone && phase > seenPhase);
};

test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "50" });
// Hanging probes end after 2 s, so a job lasts long enough to stream its progress.
test.override("workerOptions", { timeoutMs: 2000 });

async function slowJob(api: TestApi, key: string, hangingPort: number) {
  const closed = await Promise.all(Array.from({ length: 4 }, () => freePort()));
  const lines = [
    ...closed.map((port) => `127.0.0.1:${port}`),
    ...Array.from({ length: 3 }, (_, i) => `127.0.0.1:${hangingPort}:user${i}:pass`),
  ];
  return (await jsonBody(await submit(api, key, { proxies_text: lines.join("\n") }))).job_id as string;
}

describe("a job's progress as Server-Sent Events", () => {
  test("streams its counts in order and ends at completion", async ({ api, owner, hanging, worker: _ }) => {
    const jobId = await slowJob(api, owner.key, hanging.port);
    const response = await openEvents(api, owner.key, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, ended } = await readEvents(response);

    expect(ended).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < events.length; i++) {
      expect(isAfter(events[i]!.id, events[i - 1]!.id)).toBe(true);
      expect(events[i]!.data.done).toBeGreaterThanOrEqual(events[i - 1]!.data.done);
    }
    expect(events.slice(0, -1).every((event) => event.event === "progress")).toBe(true);
    expect(events.at(-1)).toMatchObject({
      event: "end",
      data: { status: "completed", done: 7, total: 7, counts: { dead: 7, pending: 0 } },
    });
  });

  test("resumes after the last event a reconnect names, and stays closed once it saw the end", async ({
    api,
    owner,
    hanging,
    worker: _,
  }) => {
    const jobId = await slowJob(api, owner.key, hanging.port);
    const first = await readEvents(await openEvents(api, owner.key, jobId), 1);
    const seen = first.events[0]!.id;

    const resumed = await readEvents(await openEvents(api, owner.key, jobId, seen));
    expect(resumed.ended).toBe(true);
    expect(resumed.events.length).toBeGreaterThanOrEqual(1);
    expect(resumed.events.every((event) => isAfter(event.id, seen))).toBe(true);
    const end = resumed.events.at(-1)!;
    expect(end).toMatchObject({ event: "end", data: { status: "completed", done: 7 } });

    const afterEnd = await openEvents(api, owner.key, jobId, end.id);
    expect(afterEnd.status).toBe(204);
    const fromScratch = await readEvents(await openEvents(api, owner.key, jobId));
    expect(fromScratch.events).toMatchObject([{ event: "end", id: end.id }]);
  });

  test("shows a job's events to its owner only", async ({ api, database, owner, hanging }) => {
    const jobId = await slowJob(api, owner.key, hanging.port);
    const stranger = await createTestAccount(database.prisma);
    for (const [key, id] of [
      [stranger.key, jobId],
      [owner.key, "not-a-uuid"],
      [owner.key, "00000000-0000-4000-8000-000000000000"],
    ] as const) {
      const response = await openEvents(api, key, id);
      expect(response.status).toBe(404);
      expect(await jsonBody(response)).toEqual({ error: "job not found", code: "not_found" });
    }
  });
});
