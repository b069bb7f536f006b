#!/usr/bin/env node
// Runs Sieve from a fresh checkout with nothing but Node: `node scripts/bootstrap.mjs start`
// (or `test`, which first prepares the machine, or any pnpm script with its arguments). When the pinned pnpm (package.json's
// packageManager) is not on the PATH, it is installed with npm into .sieve/tools, not globally;
// when the dependencies are missing or older than the lockfile, `pnpm install` runs first.
// Plain JavaScript on purpose: nothing is installed when it starts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

function fail(message) {
  console.error(`bootstrap: ${message}`);
  process.exit(1);
}

function checkNode() {
  const wanted = /(\d+)\.(\d+)/
    .exec(manifest.engines?.node ?? "")
    ?.slice(1)
    .map(Number) ?? [0, 0];
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < wanted[0] || (major === wanted[0] && minor < wanted[1])) {
    fail(`Sieve needs Node ${manifest.engines.node}; this is Node ${process.versions.node}`);
  }
}

function versionOf(command) {
  const run = spawnSync(command, ["--version"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** The folder holding the pinned pnpm: the PATH's when it is that version, else .sieve/tools'. */
function pnpmBinDir() {
  const [, version] =
    /^pnpm@(.+)$/.exec(manifest.packageManager ?? "") ?? fail("package.json names no pnpm version");
  if (versionOf("pnpm") === version) return undefined;
  const prefix = join(root, ".sieve", "tools", `pnpm-${version}`);
  const bin = join(prefix, "node_modules", ".bin");
  if (versionOf(join(bin, "pnpm")) === version) return bin;
  console.log(`bootstrap: installing pnpm ${version} into ${prefix} (npm install pnpm@${version})`);
  mkdirSync(prefix, { recursive: true });
  const npm = spawnSync(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", `pnpm@${version}`],
    { stdio: "inherit" },
  );
  if (npm.status !== 0 || versionOf(join(bin, "pnpm")) !== version)
    fail(`could not install pnpm ${version} with npm`);
  return bin;
}

/**
 * The tests need the proxy servers, Chromium, PostgreSQL and Redis. On Debian as root,
 * infra/dev/setup-machine.sh installs what is missing and starts what is down (it is quick when
 * all is there); elsewhere one line says what to run.
 */
function prepareMachineForTests() {
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.warn(
      "bootstrap: the tests need squid, tinyproxy, dante, microsocks, Chromium, PostgreSQL and Redis; " +
        "on Debian, `sudo bash infra/dev/setup-machine.sh` installs and starts them",
    );
    return;
  }
  console.log("bootstrap: preparing the machine for the tests (bash infra/dev/setup-machine.sh)");
  const prepared = spawnSync("bash", [join(root, "infra", "dev", "setup-machine.sh")], {
    cwd: root,
    stdio: "inherit",
  });
  if (prepared.status !== 0) fail("infra/dev/setup-machine.sh failed (see above)");
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Installs the dependencies when they are missing or older than the lockfile or workspace file. */
function installIfNeeded(env) {
  // Written after each install here, inside node_modules, so it goes when node_modules goes.
  const stamp = join(root, "node_modules", ".sieve-bootstrap-installed");
  const newest = Math.max(mtime(join(root, "pnpm-lock.yaml")), mtime(join(root, "pnpm-workspace.yaml")));
  if (mtime(stamp) >= newest && existsSync(join(root, "node_modules", ".pnpm"))) return;
  console.log("bootstrap: installing the dependencies (pnpm install --frozen-lockfile)");
  const install = spawnSync("pnpm", ["install", "--frozen-lockfile"], { cwd: root, env, stdio: "inherit" });
  if (install.status !== 0) fail("pnpm install failed (see above)");
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/** Runs the command, passing on SIGINT and SIGTERM, and exits as it exits. */
function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    // A Ctrl-C reaches the child from the terminal as well; a signal sent to this pid alone is passed on.
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.once("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}

const [command = "start", ...rest] = process.argv.slice(2);
checkNode();
if (command === "test") prepareMachineForTests();
const bin = pnpmBinDir();
const env = bin ? { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` } : process.env;
installIfNeeded(env);
// `start` runs without pnpm in between: pnpm does not pass SIGTERM on to the script it runs.
if (command === "start") run(process.execPath, ["--import", "tsx", "apps/cli/src/start.ts", ...rest], env);
else run("pnpm", ["run", command, ...rest], env);
