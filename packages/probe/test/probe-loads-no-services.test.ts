import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const importer = new URL("./support/import-probe.mjs", import.meta.url).pathname;

describe("the probe package", () => {
  it("loads no database, queue or Redis client", () => {
    const dir = mkdtempSync(join(tmpdir(), "sieve-probe-imports-"));
    const log = join(dir, "resolved.txt");
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", importer], {
        cwd: new URL("..", import.meta.url).pathname,
        env: { ...process.env, RESOLVED_LOG: log },
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const resolved = readFileSync(log, "utf8").split("\n").filter(Boolean);

      expect(resolved.some((url) => url.includes("/packages/probe/src/index.ts"))).toBe(true);
      for (const heavy of ["@prisma/client", "bullmq", "ioredis", "/pg/", "pg-pool"]) {
        expect(resolved.filter((url) => url.includes(`node_modules/${heavy.replace(/^\//, "")}`))).toEqual(
          [],
        );
      }
      expect(resolved.filter((url) => url.includes("/packages/core/"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
