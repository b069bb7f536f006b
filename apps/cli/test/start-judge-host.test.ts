import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "@sieve/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { localJudgeEnv } from "../src/local-judge-env.ts";

const root = new URL("../../../", import.meta.url).pathname;
const children: ChildProcess[] = [];

/** Runs the judge's real entry point with the environment `pnpm start` gives it, until it listens. */
async function startJudgeAsPnpmStartDoes(env: Record<string, string>): Promise<number> {
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", `${root}apps/judge/src/main.ts`], {
    cwd: root,
    env: localJudgeEnv({
      ...process.env,
      LOG_LEVEL: "info",
      JUDGE_SECRET: "start-judge-host-secret-0123456789",
      JUDGE_HTTP_PORT: String(httpPort),
      JUDGE_HTTPS_PORT: String(httpsPort),
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("judge listening")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`judge exited ${code}: ${output}`)));
  });
  return httpPort;
}

const answers = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    () => "refused" as const,
  );

afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
});

describe("the judge under pnpm start", () => {
  it("listens on 127.0.0.1 only", async () => {
    const port = await startJudgeAsPnpmStartDoes({});

    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe(200);
    expect(await answers(`http://[::1]:${port}/healthz`)).toBe("refused");
  });

  it("listens where JUDGE_HOST says when it is set", async () => {
    const port = await startJudgeAsPnpmStartDoes({ JUDGE_HOST: "::" });

    expect(await answers(`http://[::1]:${port}/healthz`)).toBe(200);
  });
});
