import { readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { serveHttpOnLoopback } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { type CheckJson, test } from "./client-fixtures.ts";
import { runSieveClientOnTerminal } from "./run-sieve-client.ts";

describe("sieve-client check", () => {
  test("on a terminal, shows the bar up to 100 % and writes the same export as the API's", async ({
    api,
    user,
    env,
    lines,
    folder,
    worker: _worker,
  }) => {
    const list = join(folder, "list.txt");
    const out = join(folder, "checked.csv");
    await writeFile(list, `${lines.join("\n")}\n`);
    const run = await runSieveClientOnTerminal(["check", list, "--format", "csv", "--out", out], env);
    expect(run.code, run.stdout).toBe(0);

    const jobId = /submitted job ([0-9a-f-]{36}): 5 proxies/.exec(run.stdout)?.[1];
    expect(jobId, run.stdout).toBeDefined();
    // The bar's last frame: every line checked, the counts as the API reports them, an ETA.
    expect(run.stdout).toMatch(/checking .*100% \| 5\/5 \| live 3 dead 1 blocked 1 \| ETA \d+s/);
    expect(run.stdout).toContain(`job ${jobId} completed: 5/5 checked, 3 live, 1 dead, 1 blocked`);

    const direct = await api.get(`/api/v1/api/jobs/${jobId}/export?format=csv`, user.key);
    expect(direct.status).toBe(200);
    expect(await readFile(out, "utf8")).toBe(await direct.text());
  });

  test("reads standard input for -, writes the export to stdout, and draws no bar on a pipe", async ({
    api,
    user,
    checkList,
  }) => {
    const run = await checkList(["--format", "txt"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("checking");
    const jobId = /job ([0-9a-f-]{36}) completed: 5\/5 checked/.exec(run.stderr)?.[1];
    expect(jobId, run.stderr).toBeDefined();
    const direct = await api.get(`/api/v1/api/jobs/${jobId}/export?format=txt`, user.key);
    expect(run.stdout).toBe(await direct.text());
    // txt lists the live ones.
    expect(run.stdout.trim().split("\n")).toHaveLength(3);
  });

  test("with --json prints one document: the finished job and its export", async ({
    api,
    user,
    checkList,
  }) => {
    const run = await checkList(["--format", "json", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as CheckJson;
    expect(result.job).toMatchObject({
      status: "completed",
      total: 5,
      done: 5,
      counts: { live: 3, dead: 1, blocked: 1, pending: 0 },
    });
    expect(result.out).toBeNull();
    const direct = await api.get(`/api/v1/api/jobs/${result.job.job_id}/export?format=json`, user.key);
    expect(result.export).toBe(await direct.text());
    // No bar and no human lines beside the JSON.
    expect(run.stderr).not.toMatch(/checking|submitted|completed/);
  });
});

/** A pass-through in front of the real API that records each request's method and path. */
async function recordingPassThrough(apiUrl: string) {
  const seen: string[] = [];
  const server = await serveHttpOnLoopback((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      `${apiUrl}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return { url: server.url, seen, close: server.close };
}

describe("sieve-client check follows the job's events", () => {
  test("the progress comes from the job's event stream, not from polling", async ({
    api,
    env,
    checkList,
  }) => {
    const recorder = await recordingPassThrough(api.url);
    try {
      const run = await checkList(["--json"], { ...env, SIEVE_API_URL: `${recorder.url}/api/v1` });
      expect(run.code, run.stderr).toBe(0);
      const jobId = (JSON.parse(run.stdout) as CheckJson).job.job_id;
      const job = `/api/v1/api/jobs/${jobId}`;
      // One stream to the end, then the job's record once, then its export.
      expect(recorder.seen.filter((line) => line.startsWith(`GET ${job}`))).toEqual([
        `GET ${job}/events`,
        `GET ${job}`,
        `GET ${job}/export?format=txt`,
      ]);
    } finally {
      await recorder.close();
    }
  });
});

describe("sieve-client check with targets", () => {
  test("--target requests the page through each live proxy, and the export says how it went", async ({
    checkList,
  }) => {
    const page = await serveHttpOnLoopback((_req, res) => res.end("hello from the target"));
    try {
      const run = await checkList([
        "--format",
        "json",
        "--json",
        "--target",
        `${page.url}/`,
        "--expect-text",
        "hello from",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const items = JSON.parse(JSON.parse(run.stdout).export) as {
        status: string;
        targets: { url: string; ok: boolean; status: number }[];
      }[];
      const live = items.filter((item) => item.status === "live");
      expect(live).toHaveLength(3);
      for (const item of live)
        expect(item.targets).toEqual([
          expect.objectContaining({ url: `${page.url}/`, ok: true, status: 200 }),
        ]);
      for (const item of items.filter((entry) => entry.status !== "live")) expect(item.targets).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("a target the API refuses exits 1 with its message; --expect-* alone is a usage error", async ({
    checkList,
  }) => {
    const refused = await checkList(["--target", "http://10.0.0.1/"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/targets\[0\]\.url points to a guarded address/);

    const alone = await checkList(["--expect-text", "hello"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--expect-status and --expect-text need at least one --target");
  });
});
