import { readdir, readFile } from "node:fs/promises";
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

/** What each kind of helper process is, by a fragment of its command line. */
const FARM_KINDS: [kind: string, fragment: string][] = [
  ["proxies", "microsocks"],
  ["judge", "apps/judge"],
  ["redis", "redis-server"],
  ["api", "apps/api"],
  ["hanging", "hang-server"],
];

async function childrenOf(): Promise<Map<number, number[]>> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const ppid = Number((await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {}
  }
  return children;
}

/**
 * CPU ms so far of the bench's own helper processes (proxies, judge, Redis, API), per pid with its
 * kind: what the probes cost on the far side of the wire, read before and after a run.
 */
export async function farmCpu(): Promise<Map<number, { kind: string; ms: number }>> {
  const children = await childrenOf();
  const found = new Map<number, { kind: string; ms: number }>();
  const pending = [...(children.get(process.pid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    pending.push(...(children.get(pid) ?? []));
    const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const kind = FARM_KINDS.find(([, fragment]) => command.includes(fragment))?.[0];
    if (kind) found.set(pid, { kind, ms: await processCpuMs([pid]) });
  }
  return found;
}

/** CPU ms per kind spent between two `farmCpu` readings (a process started in between counts from 0). */
export function farmCpuSpent(
  before: Map<number, { kind: string; ms: number }>,
  after: Map<number, { kind: string; ms: number }>,
): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [pid, { kind, ms }] of after) spent[kind] = (spent[kind] ?? 0) + ms - (before.get(pid)?.ms ?? 0);
  return spent;
}
