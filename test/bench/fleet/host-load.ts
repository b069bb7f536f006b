import { nodeWithTsx } from "../../infra/hosts/fleet-services.ts";
import type { HostedFleet } from "../../infra/hosts/hosted-fleet.ts";
import type { LoadFigures } from "../probe/load-pool.ts";

/**
 * `runLoad` on a namespace host: a load script (a path under the repository root) in a process
 * of its own inside `host`, with its open-files limit raised, `spec` as its JSON argument; resolves
 * with the one JSON line of `LoadFigures` it prints.
 */
export async function runLoadOnHost(
  fleet: HostedFleet,
  host: string,
  script: string,
  spec: unknown,
): Promise<LoadFigures> {
  const load = fleet.spawn(host, `${script} on ${host}`, [
    "sh",
    "-c",
    'ulimit -n "$(ulimit -Hn)" && exec "$@"',
    "sh",
    ...nodeWithTsx,
    script,
    JSON.stringify(spec),
  ]);
  await load.exited;
  const line = load
    .output()
    .split("\n")
    .findLast((candidate) => candidate.startsWith("{"));
  if (line === undefined) throw new Error(`${load.name} printed no figures:\n${load.output()}`);
  return JSON.parse(line) as LoadFigures;
}
