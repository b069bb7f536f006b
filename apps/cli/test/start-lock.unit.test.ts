import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localStatePaths } from "@sieve/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlreadyRunning, startDataDir, takeStartLock } from "../src/start-lock.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sieve-start-lock-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A pid above Linux's largest pid_max, so no process can hold it.
const NEVER_RUNNING = 99_999_999;

describe("the start lock", () => {
  it("holds this process's pid until released", () => {
    const lock = takeStartLock(dir);

    expect(readFileSync(join(dir, "start.lock"), "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(() => readFileSync(join(dir, "start.lock"))).toThrow(/ENOENT/);
    expect(() => lock.release()).not.toThrow();
  });

  it("refuses while the pid in it runs, naming that pid, and leaves the file as it was", () => {
    // The parent of this test process runs for as long as the test does.
    writeFileSync(join(dir, "start.lock"), `${process.ppid}\n`);

    let refusal: unknown;
    try {
      takeStartLock(dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AlreadyRunning);
    expect((refusal as AlreadyRunning).ownerPid).toBe(process.ppid);
    expect((refusal as Error).message).toMatch(/already running .*pid \d+.*stop it first/);
    expect(readFileSync(join(dir, "start.lock"), "utf8")).toBe(`${process.ppid}\n`);
  });

  it("takes over a lock whose owner no longer runs, or that holds no pid", () => {
    writeFileSync(join(dir, "start.lock"), `${NEVER_RUNNING}\n`);
    takeStartLock(dir).release();

    writeFileSync(join(dir, "start.lock"), "");
    const lock = takeStartLock(dir);
    expect(readFileSync(join(dir, "start.lock"), "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });

  it("does not remove a lock another start has taken since", () => {
    const lock = takeStartLock(dir);
    writeFileSync(join(dir, "start.lock"), `${process.ppid}\n`);

    lock.release();
    expect(readFileSync(join(dir, "start.lock"), "utf8")).toBe(`${process.ppid}\n`);
  });

  it("lives in the same data folder as the local secrets, with or without SIEVE_DATA_DIR", () => {
    expect(startDataDir({})).toBe(localStatePaths({}).dataDir);
    expect(startDataDir({ SIEVE_DATA_DIR: dir })).toBe(localStatePaths({ dataDir: dir }).dataDir);
  });
});
