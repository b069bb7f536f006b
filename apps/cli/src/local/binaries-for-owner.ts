import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, lstat, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

/**
 * As root, PostgreSQL runs as the `postgres` user. A checkout in a private folder (`mktemp -d`
 * makes one 0700) hides the binaries under its node_modules from that user, so they are copied
 * once into a folder of root's own under the system's temporary folder, which every user may enter.
 */

export interface Owner {
  uid: number;
  gid: number;
}

/** True when `owner` may enter `dir`, every folder above it included. */
export function ownerCanEnter(dir: string, owner: Owner): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("test", ["-x", dir], { ...owner, stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

const READY = ".sieve-copied";

/** A folder of root's own that no one else can write to: anything else might have been planted. */
async function isRootsOwn(dir: string): Promise<boolean> {
  const info = await lstat(dir);
  return info.isDirectory() && info.uid === 0 && (info.mode & 0o022) === 0;
}

/**
 * `nativeDir` (the package's folder holding bin/, lib/ and share/) itself when `owner` can enter
 * its bin/, otherwise a copy of it that `owner` can reach.
 */
export async function nativeDirFor(nativeDir: string, owner: Owner): Promise<string> {
  if (await ownerCanEnter(join(nativeDir, "bin"), owner)) return nativeDir;
  const tag = createHash("sha256").update(nativeDir).digest("hex").slice(0, 12);
  const copy = join(tmpdir(), `sieve-${basename(dirname(nativeDir))}-${tag}`);
  const exists = await lstat(copy).catch(() => null);
  if (exists) {
    if (!(await isRootsOwn(copy))) {
      throw new Error(`${copy} is not a folder of root's own that only root can write to: remove it`);
    }
    if (await stat(join(copy, READY)).catch(() => null)) return copy;
    await rm(copy, { recursive: true, force: true });
  }
  const partial = `${copy}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { mode: 0o755 });
  // verbatimSymlinks: lib/ holds relative symlinks (libpq.so.5 → libpq.so.5.18), kept as such.
  await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  await writeFile(join(partial, READY), `${nativeDir}\n`, { mode: 0o644 });
  await rename(partial, copy);
  return copy;
}
