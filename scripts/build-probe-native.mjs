// Builds the probe's kernel clock (packages/probe/native, TCP_INFO) with node-gyp, which pnpm puts
// on the PATH of install scripts. Against the running Node's own headers when it has them (Debian's
// nodejs and the official images do), so nothing is downloaded. A machine that cannot build it
// (not Linux, no compiler) still installs: the probe then takes its timestamps on the event loop
// and the worker says so when it starts (docs/probe.md).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const native = join(dirname(fileURLToPath(import.meta.url)), "../packages/probe/native");
const built = join(native, "build/Release/tcp_times.node");
const source = join(native, "tcp_times.c");

if (process.platform !== "linux") process.exit(0);
if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
const prefix = dirname(dirname(process.execPath));
const nodedir = existsSync(join(prefix, "include/node/node_api.h")) ? [`--nodedir=${prefix}`] : [];
const result = spawnSync("node-gyp", ["rebuild", "--loglevel=warn", ...nodedir], {
  cwd: native,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.warn(
    "scripts/build-probe-native.mjs: the probe's kernel clock was not built " +
      `(${result.error?.message ?? `node-gyp exited ${result.status}`}); probes will time on the event loop`,
  );
}
