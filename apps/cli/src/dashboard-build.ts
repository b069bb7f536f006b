import { spawnSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** The newest modification time under a path, in ms; 0 when it does not exist. */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** True when apps/web/dist is missing or older than anything it is built from. */
export async function dashboardIsStale(webDir: string): Promise<boolean> {
  const built = await newestMtime(join(webDir, "dist", "index.html"));
  if (built === 0) return true;
  const sources = await Promise.all(
    ["src", "index.html", "vite.config.ts", "package.json"].map((name) => newestMtime(join(webDir, name))),
  );
  return Math.max(...sources) > built;
}

/** Builds the dashboard when stale, so `pnpm start` serves what the source says. */
export async function buildDashboardIfStale(root: string): Promise<void> {
  const webDir = join(root, "apps", "web");
  if (!(await dashboardIsStale(webDir))) return;
  console.log("building the dashboard (apps/web)…");
  // NODE_ENV=production whatever the caller runs under (vitest sets "test"): else Vite bundles React's development build.
  const { status } = spawnSync("pnpm", ["--filter", "@sieve/web", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (status !== 0) throw new Error("the dashboard build failed: run pnpm build to see why");
}
