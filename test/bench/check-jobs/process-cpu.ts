import { readFile } from "node:fs/promises";
import pg from "pg";

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

/** CPU ms so far of each PostgreSQL backend serving the bench database (API and worker pools). */
export async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    const entries = await Promise.all(
      result.rows.map(async ({ pid }) => [pid, await processCpuMs([pid])] as const),
    );
    return new Map(entries);
  } finally {
    await client.end();
  }
}
