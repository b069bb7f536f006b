import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const fixture = new URL("./fixtures/run-process-main.ts", import.meta.url).pathname;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture in a process of its own; sends `signal` once it is ready, if given. */
function runFixture(env: Record<string, string>, signal?: NodeJS.Signals): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (signal && stdout.includes("ready\n")) child.kill(signal);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) =>
    child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, stdout, stderr })),
  );
}

describe("runProcess", () => {
  it("exits 1 before starting, naming the bad variable, when the config does not parse", async () => {
    const run = await runFixture({ FIXTURE_SHUTDOWN: "sometimes" });
    expect(run).toMatchObject({ code: 1, signal: null, stdout: "" });
    expect(run.stderr).toMatch(/^invalid configuration: FIXTURE_SHUTDOWN: /);
  });

  it("exits 143 after a clean shutdown on SIGTERM", async () => {
    expect(await runFixture({ FIXTURE_SHUTDOWN: "clean" }, "SIGTERM")).toMatchObject({
      code: 143,
      signal: null,
    });
  });

  it("exits 130 after a clean shutdown on SIGINT", async () => {
    expect(await runFixture({ FIXTURE_SHUTDOWN: "clean" }, "SIGINT")).toMatchObject({
      code: 130,
      signal: null,
    });
  });

  it("exits 1 when a shutdown step fails", async () => {
    expect(await runFixture({ FIXTURE_SHUTDOWN: "failing" }, "SIGTERM")).toMatchObject({
      code: 1,
      signal: null,
    });
  });
});
