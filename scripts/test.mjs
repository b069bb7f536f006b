// `pnpm test`: typecheck, lint, then every test against the real services.
import { spawnSync } from "node:child_process";

const steps = [
  ["pnpm", ["run", "--silent", "typecheck"]],
  ["pnpm", ["run", "--silent", "lint"]],
  ["pnpm", ["exec", "vitest", "run", ...process.argv.slice(2)]],
];
for (const [command, args] of steps) {
  const { status } = spawnSync(command, args, { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}
