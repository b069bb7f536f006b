import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * `pnpm bench [name…]`: runs test/bench/<name>.bench.ts, or every benchmark when none is named,
 * each in its own process so one's memory never counts against another's.
 */
const dir = fileURLToPath(new URL(".", import.meta.url));
const available = (await readdir(dir))
  .filter((file) => file.endsWith(".bench.ts"))
  .map((file) => file.slice(0, -".bench.ts".length));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}
let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n== ${name} ==`);
  const { status } = spawnSync("tsx", [`${dir}${name}.bench.ts`], { stdio: "inherit" });
  failed ||= status !== 0;
}
process.exit(failed ? 1 : 0);
