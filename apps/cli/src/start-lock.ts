import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The data folder, as `localStatePaths` of @sieve/core finds it, but without loading core, which
 * takes seconds (a test holds the two equal).
 */
export function startDataDir(env: NodeJS.ProcessEnv): string {
  return env.SIEVE_DATA_DIR || fileURLToPath(new URL("../../../.sieve", import.meta.url));
}

/** Why a start was refused: another `pnpm start` of this data folder is running. */
export class AlreadyRunning extends Error {
  override name = "AlreadyRunning";
  constructor(
    readonly ownerPid: number,
    lockFile: string,
  ) {
    super(
      `Sieve is already running from this checkout (pid ${ownerPid}, lock ${lockFile}): ` +
        "stop it first (Ctrl-C where it runs), or give a second instance its own SIEVE_DATA_DIR and ports",
    );
  }
}

export interface StartLock {
  file: string;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Takes `start.lock` in the data folder, holding this process's pid, before `pnpm start` touches
 * anything else. The file is created exclusively, so of two starts at the same moment only one
 * wins. A lock whose owner no longer runs (a start killed outright) is taken over.
 */
export function takeStartLock(dataDir: string): StartLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "start.lock");
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = ownerOf(file);
      if (owner !== undefined && owner !== process.pid && isRunning(owner))
        throw new AlreadyRunning(owner, file);
      // The owner is gone (or the file is empty from a start killed while writing it).
      try {
        unlinkSync(file);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
      }
      continue;
    }
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        if (ownerOf(file) === process.pid) unlinkSync(file);
      },
    };
  }
  throw new Error(`could not take ${file}: another start keeps replacing it`);
}
