import { readFile } from "node:fs/promises";

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) the processes have used so far, in ms; 0 for any that is gone. */
export async function processCpuMs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}
