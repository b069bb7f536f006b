import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { root } from "../probe/child-process.ts";

export interface Measured {
  stdout: string;
  wallMs: number;
  /** User + system CPU of the process and the children it waited for. */
  cpuMs: number;
  /** Peak RSS of the largest process of the run, in bytes. */
  maxRssBytes: number;
  /** Lines the tool wrote to stderr, kept out of the report (nmap writes one per port some scripts skip). */
  stderrLines: number;
  /** The end of stderr, for the error when a tool's output cannot be read. */
  stderrTail: string;
}

/**
 * Runs a command under GNU time (/usr/bin/time) with the open-files limit raised: wall from
 * spawn to exit, CPU and peak RSS as the kernel accounted them for the tool's own processes.
 */
export async function measuredRun(command: string, args: string[]): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), "sieve-peers-"));
  const timeFile = join(dir, "time");
  try {
    const started = performance.now();
    const child = spawn(
      "sh",
      [
        "-c",
        'ulimit -n "$(ulimit -Hn)" && exec "$@"',
        "sh",
        "/usr/bin/time",
        "-f",
        "%U %S %M",
        "-o",
        timeFile,
        command,
        ...args,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const wallMs = performance.now() - started;
    // GNU time writes "Command exited with non-zero status N" first when the tool exits non-zero.
    const last = (await readFile(timeFile, "utf8")).trim().split("\n").at(-1)!;
    const [user, system, maxKb] = last.split(" ").map(Number);
    const stderrLines = stderr.split("\n").filter((line) => line.length > 0).length;
    return {
      stdout,
      wallMs,
      cpuMs: (user! + system!) * 1000,
      maxRssBytes: maxKb! * 1024,
      stderrLines,
      stderrTail: stderr.slice(-600),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
