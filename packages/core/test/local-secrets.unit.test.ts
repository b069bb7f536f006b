import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localStatePaths, withLocalSecrets } from "../src/index.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sieve-local-secrets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kept = {
  CREDENTIALS_KEY: Buffer.alloc(32, 1).toString("base64"),
  JUDGE_SECRET: "kept-judge-secret-0123456789",
  DATABASE_URL: "postgresql://postgres:pw@127.0.0.1:54320/sieve",
};

describe("local secrets for processes started alone", () => {
  it("fills each variable the environment leaves unset from the data folder's secrets file", () => {
    writeFileSync(join(dir, "local-secrets.json"), JSON.stringify({ ...kept, OTHER: "ignored" }));

    const env = withLocalSecrets({ LOG_LEVEL: "warn" }, { dataDir: dir });

    expect(env).toEqual({ LOG_LEVEL: "warn", ...kept });
  });

  it("never overrides what the environment sets", () => {
    writeFileSync(join(dir, "local-secrets.json"), JSON.stringify(kept));

    const env = withLocalSecrets({ JUDGE_SECRET: "from-the-environment-0123" }, { dataDir: dir });

    expect(env.JUDGE_SECRET).toBe("from-the-environment-0123");
    expect(env.CREDENTIALS_KEY).toBe(kept.CREDENTIALS_KEY);
  });

  it("reads SIEVE_LOCAL_SECRETS_FILE's file when it is given", () => {
    const file = join(dir, "elsewhere.json");
    writeFileSync(file, JSON.stringify({ JUDGE_SECRET: kept.JUDGE_SECRET }));

    expect(withLocalSecrets({}, { dataDir: "/nonexistent", secretsFile: file })).toEqual({
      JUDGE_SECRET: kept.JUDGE_SECRET,
    });
    expect(localStatePaths({ dataDir: dir }).secretsFile).toBe(join(dir, "local-secrets.json"));
  });

  it("leaves the environment as it is when there is no file", () => {
    const env = { LOG_LEVEL: "info" };

    expect(withLocalSecrets(env, { dataDir: dir })).toEqual({ LOG_LEVEL: "info" });
  });

  it("names the file when it is not JSON", () => {
    writeFileSync(join(dir, "local-secrets.json"), "{ half");

    expect(() => withLocalSecrets({}, { dataDir: dir })).toThrow(
      `${join(dir, "local-secrets.json")} is not JSON`,
    );
  });
});
