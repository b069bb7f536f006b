import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dashboardIsStale } from "../../apps/cli/src/dashboard-build.ts";

let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function at(path: string, secondsAgo: number, content = "x"): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, content);
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(path, when, when);
}

describe("pnpm start's dashboard build check", () => {
  it("builds when dist is missing or older than any source, and not when it is newer", async () => {
    dir = await mkdtemp(join(tmpdir(), "sieve-web-"));
    await at(join(dir, "src", "pages", "account.tsx"), 100);
    await at(join(dir, "index.html"), 100);
    expect(await dashboardIsStale(dir)).toBe(true);

    await at(join(dir, "dist", "index.html"), 50);
    // Directories' own times move when files come and go: set them back too.
    for (const folder of ["src/pages", "src"]) {
      const when = new Date(Date.now() - 100_000);
      await utimes(join(dir, folder), when, when);
    }
    expect(await dashboardIsStale(dir)).toBe(false);

    await at(join(dir, "src", "pages", "account.tsx"), 10);
    expect(await dashboardIsStale(dir)).toBe(true);
  });
});
